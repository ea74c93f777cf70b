import type { Client } from 'pg';

/** Releases the integration-run lock taken in global setup. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { integrationRunLock?: Client };
  await holder.integrationRunLock?.end();
  holder.integrationRunLock = undefined;
}
