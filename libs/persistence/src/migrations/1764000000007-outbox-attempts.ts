import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Relay attempts get a table of their own (ADR 0004, addendum of 2026-12-04): one row per Kafka
 * transaction, naming the outbox rows it carries, instead of an `attempt` column updated on every
 * outbox row. Marking a row rewrote it (payload included) and two index entries; an attempt row is
 * one write per cycle. Rows an earlier relay had marked become attempt rows, so a relay that takes
 * over after the upgrade still knows which of them Kafka committed.
 */
export class OutboxAttempts1764000000007 implements MigrationInterface {
  name = 'OutboxAttempts1764000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_attempts (
        attempt uuid PRIMARY KEY,
        message_ids bigint[] NOT NULL,
        topics text[] NOT NULL
      )`);
    await queryRunner.query(
      `ALTER TABLE outbox_attempts SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
         autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_cost_delay = 0)`,
    );
    await queryRunner.query(`
      INSERT INTO outbox_attempts (attempt, message_ids, topics)
      SELECT attempt, array_agg(id ORDER BY id), array_agg(DISTINCT topic) FROM outbox_messages WHERE attempt IS NOT NULL GROUP BY attempt`);
    await queryRunner.query(`ALTER TABLE outbox_messages DROP COLUMN attempt`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_messages ADD COLUMN attempt uuid`);
    await queryRunner.query(`CREATE INDEX outbox_messages_attempt_idx ON outbox_messages (attempt) WHERE attempt IS NOT NULL`);
    await queryRunner.query(`
      UPDATE outbox_messages o SET attempt = a.attempt
      FROM outbox_attempts a WHERE o.id = ANY (a.message_ids)`);
    await queryRunner.query(`DROP TABLE outbox_attempts`);
  }
}
