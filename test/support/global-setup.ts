import 'tsconfig-paths/register';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src/data-source-options';
import { ENGINE_TOPICS } from '../../libs/messaging/src/kafka-client';
import { testDatabaseUrl, testKafkaBrokers } from './test-environment';

/**
 * Starts every integration run from a clean slate: a fresh test database and freshly created
 * engine topics on the real broker. The stack itself comes from `npm run stack:up`.
 */
const INTEGRATION_RUN_LOCK = 7_301_924_612;

export default async function globalSetup(): Promise<void> {
  const url = new URL(testDatabaseUrl());
  const database = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  // The fault suite restarts PostgreSQL, which ends this connection (and the run lock with it).
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${url.host} (${(error as Error).message}); run \`npm run stack:up\` first`);
  }
  // One integration run at a time per stack: a second run (say CI next to a developer's run)
  // waits here; the lock goes with this connection, closed in global teardown or on exit.
  await client.query('SELECT pg_advisory_lock($1)', [INTEGRATION_RUN_LOCK]);
  (globalThis as { integrationRunLock?: Client }).integrationRunLock = client;
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${database}"`);
  const dataSource = new DataSource(dataSourceOptions(testDatabaseUrl()));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();

  const kafka = new Kafka({ clientId: 'integration-setup', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Kafka is not reachable at ${testKafkaBrokers().join(',')} (${(error as Error).message}); run \`npm run stack:up\` first`,
    );
  }
  const existing = new Set(await admin.listTopics());
  const engineTopics = ENGINE_TOPICS.map((topic) => topic.topic).filter((topic) => existing.has(topic));
  if (engineTopics.length > 0) {
    await admin.deleteTopics({ topics: engineTopics, timeout: 30_000 });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const left = new Set(await admin.listTopics());
      if (!engineTopics.some((topic) => left.has(topic))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await admin.createTopics({ topics: ENGINE_TOPICS, waitForLeaders: true });
  await admin.disconnect();
}
