import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Kafka } from 'kafkajs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { KAFKA } from '../infrastructure/kafka.module';
import { EngineMetrics } from '../observability/engine-metrics';
import { OutboxRelayLoop, SHUTDOWN_DRAIN_MS, type RelayReport } from './relay-loop';
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
 * Runs the outbox relay (`OutboxRelayLoop`, exactly-once publishing, ADR 0004) on the engine's
 * event loop or, with OUTBOX_RELAY_THREAD=worker, on a worker thread of its own, and turns what it
 * reports into the engine's metrics and logs. A thread that fails is replaced after a second. On
 * shutdown the relay drains the outbox before it stops.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly report: RelayReport = {
    published: (steps) => this.metrics.published(steps),
    vacuumed: (seconds) => this.metrics.outboxVacuumed(seconds),
    log: (level, message) => this.logger[level](message),
  };
  private loop: OutboxRelayLoop | null = null;
  private thread: Worker | null = null;
  private stopping = false;
  private restart: NodeJS.Timeout | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly metrics: EngineMetrics,
  ) {}

  /** The thread the relay runs on: 0 for the engine's main thread, a worker's id, or null while none runs. */
  get threadId(): number | null {
    if (this.thread) return this.thread.threadId;
    return this.loop ? 0 : null;
  }

  onApplicationBootstrap(): void {
    if (this.config.outbox.thread === 'worker') {
      this.startThread();
      return;
    }
    this.loop = new OutboxRelayLoop(this.kafka, this.config, this.report);
    this.loop.start();
  }

  /** Shutdown, last step (after the consumers stopped and HTTP closed): the relay drains the outbox, then stops. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop?.stop(SHUTDOWN_DRAIN_MS);
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
        this.report.published(event.steps);
        return;
      case 'vacuumed':
        this.report.vacuumed(event.seconds);
        return;
      case 'log':
        this.logger[event.level](event.fields ? { ...event.fields, message: event.message } : event.message);
        return;
    }
  }
}
