import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigurationError, loadEnvironment, toEngineConfig } from '@app/config';
import { createEngine } from './bootstrap';

/** Longest a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 45_000;

async function main(): Promise<void> {
  let config;
  try {
    config = toEngineConfig(loadEnvironment());
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createEngine(config);
  // Shutdown (enableShutdownHooks) stops consuming, finishes the batch, drains the outbox; never hang past this.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref());
  }
  await app.listen(config.http.port, '0.0.0.0');
  new Logger('RiskEngine').log(`Risk engine listening on port ${config.http.port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`The risk engine failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
