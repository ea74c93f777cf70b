import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka, Message, Producer } from 'kafkajs';
import { Client } from 'pg';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { createPartitioner } from '@app/messaging';
import { KAFKA } from '../infrastructure/kafka.module';
import { OUTBOX_CHANNEL } from '../selectivity/decision-store';

const RELAY_LOCK_KEY = 7_301_924_611; // pg advisory lock: one relay publishes at a time
const BATCH_SIZE = 500;
const IDLE_POLL_MS = 250;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes outbox messages to Kafka in order, each batch in one Kafka transaction, and deletes
 * them once the transaction has committed. One instance at a time holds the relay lock.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly producer: Producer;
  private client: Client | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {
    this.producer = kafka.producer({
      transactionalId: `${config.kafka.clientId}-outbox-relay`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      createPartitioner,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer.disconnect();
  }

  /** Publishes whatever is pending now; resolves when the outbox is empty (used on shutdown and in tests). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.pending()) === 0) return;
      this.wake?.();
      await sleep(50);
    }
    throw new Error('the outbox did not drain in time');
  }

  private async pending(): Promise<number> {
    const client = new Client({ connectionString: this.config.database.url });
    await client.connect();
    try {
      const result = await client.query<{ count: string }>('SELECT count(*) FROM outbox_messages');
      return Number(result.rows[0]?.count ?? 0);
    } finally {
      await client.end();
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const client = await this.leaderConnection();
        if (!client) {
          await this.idle(1_000);
          continue;
        }
        const published = await this.publishBatch(client);
        if (published === 0) await this.idle(IDLE_POLL_MS);
      } catch (error) {
        this.logger.error(`Outbox relay failed; retrying: ${(error as Error).message}`);
        await this.resetConnection();
        await this.idle(1_000);
      }
    }
    await this.resetConnection();
  }

  private async leaderConnection(): Promise<Client | null> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.config.database.url });
    client.on('error', (error) => this.logger.warn(`Relay database connection lost: ${error.message}`));
    await client.connect();
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
    if (!locked.rows[0]?.locked) {
      await client.end();
      return null;
    }
    client.on('notification', () => this.wake?.());
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.client = client;
    this.logger.log('This instance now relays the outbox');
    return client;
  }

  private async publishBatch(client: Client): Promise<number> {
    const { rows } = await client.query<OutboxRow>(
      'SELECT id::text AS id, topic, message_key, payload, headers FROM outbox_messages ORDER BY id LIMIT $1',
      [BATCH_SIZE],
    );
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({ key: row.message_key, value: row.payload, headers: { ...row.headers, 'outbox-id': row.id } });
      byTopic.set(row.topic, messages);
    }
    const transaction = await this.producer.transaction();
    try {
      await transaction.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    await client.query('DELETE FROM outbox_messages WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
    return rows.length;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async resetConnection(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
