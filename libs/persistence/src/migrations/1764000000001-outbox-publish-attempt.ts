import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Marks outbox rows with the relay attempt that is publishing them (see ADR 0004). */
export class OutboxPublishAttempt1764000000001 implements MigrationInterface {
  name = 'OutboxPublishAttempt1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_messages ADD COLUMN attempt uuid`);
    await queryRunner.query(`CREATE INDEX outbox_messages_attempt_idx ON outbox_messages (attempt) WHERE attempt IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_messages DROP COLUMN attempt`);
  }
}
