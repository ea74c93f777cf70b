import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE declarations (
        declaration_id text NOT NULL,
        version int NOT NULL,
        submitted_at timestamptz NOT NULL,
        type text NOT NULL,
        office_code text NOT NULL,
        importer_id text,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (declaration_id, version)
      )`);
    await queryRunner.query(`CREATE INDEX declarations_importer_idx ON declarations (importer_id)`);
    await queryRunner.query(`CREATE INDEX declarations_submitted_at_idx ON declarations (submitted_at)`);
    await queryRunner.query(`
      CREATE TABLE risk_decisions (
        decision_id uuid PRIMARY KEY,
        declaration_id text NOT NULL,
        declaration_version int NOT NULL,
        lane text NOT NULL CHECK (lane IN ('GREEN', 'BLUE', 'YELLOW', 'RED')),
        score numeric(5, 2) NOT NULL CHECK (score >= 0 AND score <= 100),
        reasons jsonb NOT NULL,
        ruleset_version text NOT NULL,
        decided_at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('KAFKA', 'HTTP')),
        CONSTRAINT risk_decisions_declaration_version_key UNIQUE (declaration_id, declaration_version)
      )`);
    await queryRunner.query(`CREATE INDEX risk_decisions_decided_at_idx ON risk_decisions (decided_at)`);
    await queryRunner.query(`
      CREATE TABLE outbox_messages (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text,
        payload text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE rejected_messages (
        id bigserial PRIMARY KEY,
        source_topic text NOT NULL,
        source_partition int NOT NULL,
        source_offset bigint NOT NULL,
        message_key text,
        reason_code text NOT NULL,
        reason jsonb NOT NULL,
        payload text NOT NULL,
        rejected_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rejected_messages_source_key UNIQUE (source_topic, source_partition, source_offset)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rejected_messages`);
    await queryRunner.query(`DROP TABLE outbox_messages`);
    await queryRunner.query(`DROP TABLE risk_decisions`);
    await queryRunner.query(`DROP TABLE declarations`);
  }
}
