import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Inspection outcomes and seizures: the history derived profiles are built from. */
export class History1764000000002 implements MigrationInterface {
  name = 'History1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inspection_outcomes (
        outcome_id text PRIMARY KEY,
        declaration_id text NOT NULL,
        declaration_version int,
        result text NOT NULL CHECK (result IN ('NO_FINDING', 'IRREGULARITY', 'SEIZURE')),
        inspected_at timestamptz NOT NULL,
        revenue_recovered numeric(18, 2) NOT NULL DEFAULT 0,
        details text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX inspection_outcomes_declaration_idx ON inspection_outcomes (declaration_id)`);
    await queryRunner.query(`
      CREATE TABLE seizures (
        seizure_id text PRIMARY KEY,
        seized_at timestamptz NOT NULL,
        category text NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE seizures`);
    await queryRunner.query(`DROP TABLE inspection_outcomes`);
  }
}
