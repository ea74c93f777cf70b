import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A running count of declarations per importer, so "first-time importer" costs one index lookup. */
export class ImporterHistory1764000000005 implements MigrationInterface {
  name = 'ImporterHistory1764000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE importer_history (importer_id text PRIMARY KEY, declarations bigint NOT NULL)`);
    await queryRunner.query(
      `INSERT INTO importer_history (importer_id, declarations)
       SELECT importer_id, count(DISTINCT declaration_id) FROM declarations WHERE importer_id IS NOT NULL GROUP BY importer_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE importer_history`);
  }
}
