import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Versioned rulesets with an approval lifecycle, and an append-only audit log. */
export class Governance1764000000004 implements MigrationInterface {
  name = 'Governance1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ruleset_versions (
        ruleset_id text NOT NULL,
        version int NOT NULL,
        label text NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'RETIRED')),
        content jsonb NOT NULL,
        origins jsonb NOT NULL DEFAULT '{}'::jsonb,
        author text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_by text,
        submitted_at timestamptz,
        approved_by text,
        approved_at timestamptz,
        activate_at timestamptz,
        scheduled_by text,
        activated_by text,
        activated_at timestamptz,
        retired_at timestamptz,
        PRIMARY KEY (ruleset_id, version),
        CONSTRAINT ruleset_versions_label_key UNIQUE (ruleset_id, label)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ruleset_versions_one_active ON ruleset_versions (ruleset_id) WHERE status = 'ACTIVE'`);
    await queryRunner.query(`
      CREATE FUNCTION ruleset_versions_immutable() RETURNS trigger AS $$
      BEGIN
        IF NEW.content IS DISTINCT FROM OLD.content OR NEW.label IS DISTINCT FROM OLD.label OR NEW.author IS DISTINCT FROM OLD.author THEN
          RAISE EXCEPTION 'a ruleset version is immutable: create a new version instead';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await queryRunner.query(
      `CREATE TRIGGER ruleset_versions_immutable BEFORE UPDATE ON ruleset_versions FOR EACH ROW EXECUTE FUNCTION ruleset_versions_immutable()`,
    );
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only';
      END $$ LANGUAGE plpgsql`);
    await queryRunner.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only`);
    await queryRunner.query(`DROP TABLE ruleset_versions`);
    await queryRunner.query(`DROP FUNCTION ruleset_versions_immutable`);
  }
}
