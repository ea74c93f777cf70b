import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Feedback loop: outcomes linked to decisions, rule review flags, rule weight calibrations. */
export class Feedback1764000000003 implements MigrationInterface {
  name = 'Feedback1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE inspection_outcomes ADD COLUMN decision_id uuid`);
    await queryRunner.query(`CREATE INDEX inspection_outcomes_decision_idx ON inspection_outcomes (decision_id)`);
    await queryRunner.query(
      `CREATE INDEX inspection_outcomes_unmatched_idx ON inspection_outcomes (declaration_id) WHERE decision_id IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX risk_decisions_reasons_idx ON risk_decisions USING gin (reasons jsonb_path_ops)`);
    await queryRunner.query(`
      CREATE TABLE rule_review_flags (
        rule_id text NOT NULL,
        rule_version int NOT NULL,
        flagged_at timestamptz NOT NULL DEFAULT now(),
        hit_rate numeric(6, 4) NOT NULL,
        inspections int NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (rule_id, rule_version)
      )`);
    await queryRunner.query(`
      CREATE TABLE rule_weight_calibrations (
        rule_id text NOT NULL,
        rule_version int NOT NULL,
        ruleset_version text NOT NULL,
        weight numeric(6, 2) NOT NULL,
        basis jsonb NOT NULL,
        calibrated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, rule_version, ruleset_version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rule_weight_calibrations`);
    await queryRunner.query(`DROP TABLE rule_review_flags`);
    await queryRunner.query(`DROP INDEX risk_decisions_reasons_idx`);
    await queryRunner.query(`ALTER TABLE inspection_outcomes DROP COLUMN decision_id`);
  }
}
