import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox is a queue: every row is inserted, marked once and deleted within milliseconds, so
 * its live size stays small while dead rows pile up faster than the default autovacuum threshold
 * (20% of a table that is almost always near empty) reacts. Vacuum it after a fixed number of
 * dead rows, without cost-based throttling.
 */
export class OutboxVacuum1764000000006 implements MigrationInterface {
  name = 'OutboxVacuum1764000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE outbox_messages SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
         autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000, autovacuum_vacuum_cost_delay = 0,
         autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE outbox_messages RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
         autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold, autovacuum_vacuum_cost_delay,
         autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`,
    );
  }
}
