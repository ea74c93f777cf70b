import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EngineMetrics } from '../observability/engine-metrics';
import { SHUTDOWN_DRAIN_MS } from './relay-loop';
import type { RelayEvent, RelayStopCommand, RelayThreadData } from './relay-thread-protocol';

/** How long after a relay thread failed a new one is started. */
const RESTART_DELAY_MS = 1_000;
/** How long a stopping relay thread may take beyond its drain before it is terminated. */
const STOP_MARGIN_MS = 10_000;

/**
 * The relay thread's entry. The built engine has it next to main.js (a webpack entry of its
 * own); run from TypeScript sources (tests, ts-node), the thread compiles it the same way.
 */
function relayThreadEntry(): { filename: string; execArgv?: string[] } {
  if (__filename.endsWith('.ts')) {
    return {
      filename: join(__dirname, 'relay-worker.ts'),
      execArgv: ['--require', 'ts-node/register/transpile-only', '--require', 'tsconfig-paths/register'],
    };
  }
  return { filename: join(__dirname, 'relay-worker.js') };
}

/**
 * Runs the outbox relay (`OutboxRelayLoop`, exactly-once publishing, ADR 0004) on a worker thread
 * of its own, and turns what it reports into the engine's metrics and logs. A thread that fails is
 * replaced after a second; on shutdown the thread drains the outbox before it stops.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private thread: Worker | null = null;
  private stopping = false;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly metrics: EngineMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.startThread();
  }

  /** Shutdown, last step (after the consumers stopped and HTTP closed): the relay drains the outbox, then stops. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restart) clearTimeout(this.restart);
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    const stop: RelayStopCommand = { type: 'stop', drainMs: SHUTDOWN_DRAIN_MS };
    thread.postMessage(stop);
    const limit = setTimeout(() => void thread.terminate(), SHUTDOWN_DRAIN_MS + STOP_MARGIN_MS);
    await exited;
    clearTimeout(limit);
  }

  private startThread(): void {
    const { filename, execArgv } = relayThreadEntry();
    const data: RelayThreadData = { config: this.config };
    const thread = new Worker(filename, { workerData: data, ...(execArgv ? { execArgv } : {}) });
    this.thread = thread;
    thread.on('message', (event: RelayEvent) => this.onEvent(event));
    thread.on('error', (error) => this.logger.error(`The outbox relay thread failed: ${error.stack ?? error.message}`));
    thread.on('exit', (code) => {
      this.thread = null;
      if (this.stopping) return;
      this.logger.warn(`The outbox relay thread stopped (exit code ${code}); starting another`);
      this.restart = setTimeout(() => this.startThread(), RESTART_DELAY_MS);
    });
  }

  private onEvent(event: RelayEvent): void {
    switch (event.type) {
      case 'published':
        this.metrics.published(event.steps);
        return;
      case 'vacuumed':
        this.metrics.outboxVacuumed(event.seconds);
        return;
      case 'log':
        if (event.fields) this.logger[event.level]({ ...event.fields, message: event.message });
        else this.logger[event.level](event.message);
        return;
      case 'stopped':
        return;
    }
  }
}
