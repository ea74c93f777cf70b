import type { Kafka, Message, Producer } from 'kafkajs';
import { Client } from 'pg';
import type { EngineConfig } from '@app/config';
import { BACK_TO_BACK_TRANSACTION_RETRY, createPartitioner } from '@app/messaging';
// The module itself, not the @app/persistence barrel: the barrel loads TypeORM and the entities,
// which the relay thread (relay-worker.ts) has no use for.
import { preparedQuery } from '../../../../libs/persistence/src/prepared-sql';
import { faultPoint } from '../infrastructure/fault-injection';
import type { RelayCycleSteps } from '../observability/engine-metrics';
import { OUTBOX_CHANNEL } from './outbox-channel';
import { findPublishedAttempts } from './published-attempts';
import { ATTEMPT_HEADER, attemptClaimedAt, newAttemptId } from './relay-attempt';

const RELAY_LOCK_KEY = 7_301_924_611; // pg advisory lock: one relay publishes at a time
const BATCH_SIZE = 2_000;
const IDLE_POLL_MS = 100;
/** How long a stopping instance keeps relaying so that what it decided is published before it exits. */
export const SHUTDOWN_DRAIN_MS = 15_000;
/**
 * How far before an attempt's claim time a relay taking over starts reading the output topics:
 * room for clock differences between the relay and the broker (topics with LogAppendTime).
 */
const CLOCK_MARGIN_MS = 10_000;

/**
 * One relay cycle's statement: settle the attempt just published ($2: delete its attempt row and
 * its outbox rows), then claim the next batch for attempt $1 (one attempt row naming the batch's
 * ids and topics). All CTEs read one snapshot, so the batch leaves out the rows being deleted.
 * The ids to delete are one array (an init plan), so the delete is an index lookup per id whatever
 * the planner thinks of the table's size; the exclusion is a hashed subplan.
 */
const RELAY_CYCLE = `
  WITH settled AS (DELETE FROM outbox_attempts WHERE attempt = $2::uuid RETURNING message_ids),
       published AS (DELETE FROM outbox_messages WHERE id = ANY (ARRAY(SELECT unnest(message_ids) FROM settled))),
       batch AS (
         SELECT id, topic, message_key, payload, headers FROM outbox_messages
         WHERE id NOT IN (SELECT unnest(message_ids) FROM settled)
         ORDER BY id LIMIT $3),
       claimed AS (
         INSERT INTO outbox_attempts (attempt, message_ids, topics)
         SELECT $1::uuid, array_agg(id ORDER BY id), array_agg(DISTINCT topic) FROM batch HAVING count(*) > 0)
  SELECT id::text AS id, topic, message_key, payload, headers FROM batch`;

/** A takeover's settlement: forget every unfinished attempt ($1), deleting the outbox rows of those Kafka committed ($2). */
const SETTLE_ATTEMPTS = `
  WITH settled AS (DELETE FROM outbox_attempts WHERE attempt = ANY ($1::uuid[]) RETURNING attempt, message_ids)
  DELETE FROM outbox_messages WHERE id = ANY (ARRAY(SELECT unnest(message_ids) FROM settled WHERE attempt = ANY ($2::uuid[])))`;

interface OutboxRow {
  /** bigserial, as text. */
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string>;
}

interface Leadership {
  client: Client;
  producer: Producer;
  /** The attempt the last cycle published, whose rows the next cycle deletes. */
  published: string | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the relay tells the engine: each cycle that published, each vacuum, and its log lines. */
export interface RelayReport {
  published(steps: RelayCycleSteps): void;
  vacuumed(seconds: number): void;
  log(level: 'error' | 'warn' | 'log', message: string): void;
}

/**
 * Publishes outbox messages to Kafka in id order, exactly once (ADR 0004):
 * 1. one instance at a time relays, holding a PostgreSQL advisory lock; on taking over it starts
 *    its transactional producer, which fences any earlier relay and aborts its open transaction;
 * 2. a batch is claimed by a fresh attempt (a UUID v7 carrying the claim time): one row in
 *    `outbox_attempts` names the batch's outbox ids; the batch is then sent in one Kafka
 *    transaction, every message carrying the attempt id in its `outbox-attempt` header;
 * 3. after the Kafka commit the attempt and its outbox rows are deleted. If the process dies
 *    before that delete, the next relay reads the output topics from the attempt's claim time,
 *    finds the attempt's messages committed, and deletes its rows instead of publishing them again.
 */
export class OutboxRelayLoop {
  private leadership: Leadership | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Messages published since the outbox table was last vacuumed, and the vacuum under way. */
  private publishedSinceVacuum = 0;
  private vacuum: Promise<void> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: EngineConfig,
    private readonly report: RelayReport,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops relaying; the leader first drains the outbox (for at most `drainMs`). */
  async stop(drainMs = SHUTDOWN_DRAIN_MS): Promise<void> {
    if (this.leadership) {
      try {
        await this.drain(drainMs);
        this.report.log('log', 'Outbox drained');
      } catch (error) {
        this.report.log('warn', `Stopping with messages left in the outbox (${(error as Error).message}); the next relay publishes them`);
      }
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.vacuum;
  }

  /** Resolves once the outbox is empty (used on shutdown and in tests). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const client = new Client({ connectionString: this.config.database.url });
    await client.connect();
    try {
      while (Date.now() < deadline) {
        const result = await client.query<{ count: string }>('SELECT count(*) FROM outbox_messages');
        if (Number(result.rows[0]?.count ?? 0) === 0) return;
        this.wake?.();
        await sleep(50);
      }
      throw new Error('the outbox did not drain in time');
    } finally {
      await client.end();
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const leadership = await this.lead();
        if (!leadership) {
          await this.idle(1_000);
          continue;
        }
        const started = performance.now();
        const published = await this.publishBatch(leadership);
        if (published === 0) await this.idle(IDLE_POLL_MS);
        else if (published < BATCH_SIZE) await this.pace(started);
      } catch (error) {
        this.report.log('error', `Outbox relay failed; retrying: ${(error as Error).message}`);
        await this.stepDown();
        await this.idle(1_000);
      }
    }
    await this.stepDown();
  }

  /** Takes the relay lock if free; on taking it, fences earlier relays and settles their last attempt. */
  private async lead(): Promise<Leadership | null> {
    if (this.leadership) return this.leadership;
    const client = new Client({ connectionString: this.config.database.url });
    client.on('error', (error) => this.report.log('warn', `Relay database connection lost: ${error.message}`));
    await client.connect();
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
    if (!locked.rows[0]?.locked) {
      await client.end();
      return null;
    }
    const producer = this.kafka.producer({
      transactionalId: `${this.config.kafka.clientId}-outbox-relay`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      // Commits follow each other closely: a CONCURRENT_TRANSACTIONS answer is retried within
      // about 2 ms; about 10 s of retries in all before the relay steps down and restarts.
      retry: { ...BACK_TO_BACK_TRANSACTION_RETRY },
      createPartitioner,
    });
    try {
      await producer.connect();
      await this.settleCommittedAttempt(client);
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    client.on('notification', () => this.wake?.());
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.leadership = { client, producer, published: null };
    this.report.log('log', 'This instance now relays the outbox');
    return this.leadership;
  }

  /**
   * Settles the attempts an earlier relay left unfinished: the outbox rows of the one Kafka
   * committed are deleted, so they are not published twice; the others' rows are published again.
   * Only the newest can have committed (a relay that fails steps down, and the next one settles
   * before it claims anything), but every attempt left is checked.
   */
  private async settleCommittedAttempt(client: Client): Promise<void> {
    const unfinished = await client.query<{ attempt: string; topics: string[] }>(
      'SELECT attempt::text AS attempt, topics FROM outbox_attempts',
    );
    if (unfinished.rows.length === 0) return;
    const attempts = unfinished.rows.map((row) => row.attempt);
    const claimTimes = attempts.map((attempt) => attemptClaimedAt(attempt));
    const dated = claimTimes.filter((time): time is number => time !== null);
    if (dated.length < claimTimes.length) {
      this.report.log('warn', 'Outbox rows were claimed by a relay older than attempt headers; they are published again (at least once)');
    }
    const started = Date.now();
    const published =
      dated.length === 0
        ? new Set<string>()
        : await findPublishedAttempts(this.kafka, {
            attempts: new Set(attempts),
            topics: [...new Set(unfinished.rows.flatMap((row) => row.topics))],
            since: Math.min(...dated) - CLOCK_MARGIN_MS,
            groupPrefix: `${this.config.kafka.clientId}-outbox-relay-takeover`,
          });
    const settled = await client.query(SETTLE_ATTEMPTS, [attempts, [...published]]);
    if (published.size > 0) {
      this.report.log('warn', `Removed ${settled.rowCount ?? 0} outbox rows that an earlier relay had published before it stopped`);
    }
    this.report.log('log', `Checked ${attempts.length} unfinished relay attempt(s) against Kafka in ${Date.now() - started} ms`);
  }

  /**
   * One relay cycle. A single statement, one round trip and one commit, deletes the attempt the
   * previous cycle published (Kafka committed it) with its outbox rows, and claims the next batch
   * for a fresh attempt; the batch then goes out in one Kafka transaction. Until the next cycle the
   * published attempt stays recorded, and a relay that takes over deletes its rows in
   * `settleCommittedAttempt`, since their messages on Kafka name that attempt.
   */
  private async publishBatch(leadership: Leadership): Promise<number> {
    const { client, producer } = leadership;
    const attempt = newAttemptId();
    const started = performance.now();
    const { rows } = await client.query<OutboxRow>(preparedQuery(RELAY_CYCLE, [attempt, leadership.published, BATCH_SIZE]));
    leadership.published = null;
    if (rows.length === 0) return 0;
    // A CTE's rows come back in no promised order; the ids restore it (exact as numbers below 2^53).
    rows.sort((a, b) => Number(a.id) - Number(b.id));

    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.message_key,
        value: row.payload,
        headers: { ...row.headers, 'outbox-id': row.id, [ATTEMPT_HEADER]: attempt },
      });
      byTopic.set(row.topic, messages);
    }
    const transaction = await producer.transaction();
    const sending = performance.now();
    let sent: number;
    try {
      await transaction.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      sent = performance.now();
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    leadership.published = attempt;
    // The claim step ends when the message list is ready; send is AddPartitionsToTxn and Produce, commit is EndTxn.
    this.report.published({ claim: (sending - started) / 1000, send: (sent - sending) / 1000, commit: (performance.now() - sent) / 1000 });
    this.publishedSinceVacuum += rows.length;
    if (this.config.outbox.vacuumEvery > 0 && this.publishedSinceVacuum >= this.config.outbox.vacuumEvery) this.vacuumOutbox();
    faultPoint(this.config, 'after-outbox-publish');
    return rows.length;
  }

  /**
   * Vacuums the outbox table on a connection of its own while the relay goes on. Every published
   * row is deleted, so the table is a queue: its live rows are few, its dead rows many, and the
   * claim's index scan passes over all of them until a vacuum removes them. Autovacuum looks at a
   * database about once a minute (and a database may have it off), which at 1,000 decisions a
   * second leaves tens of thousands of dead rows; on a 2-core machine, vacuuming every 10,000
   * took HTTP p99 from 12.8-13.4 to 8.9-9.7 ms (ADR 0009). The attempts table, one row per
   * cycle, is a queue too and is vacuumed with it. SKIP_LOCKED: a vacuum already running
   * (autovacuum's) is left to finish.
   */
  private vacuumOutbox(): void {
    if (this.vacuum) return;
    this.publishedSinceVacuum = 0;
    const client = new Client({ connectionString: this.config.database.url });
    client.on('error', (error) => this.report.log('warn', `Outbox vacuum connection lost: ${error.message}`));
    const started = performance.now();
    this.vacuum = client
      .connect()
      .then(() => client.query('VACUUM (SKIP_LOCKED) outbox_messages, outbox_attempts'))
      .then(() => this.report.vacuumed((performance.now() - started) / 1000))
      .catch((error: Error) => this.report.log('warn', `Could not vacuum the outbox table: ${error.message}`))
      .finally(() => {
        this.vacuum = null;
        void client.end().catch(() => undefined);
      });
  }

  /** Waits out the rest of the minimum cycle (`outbox.minCycleMs`, at most 1 s) that began at `started`; notifications do not cut it short. */
  private async pace(started: number): Promise<void> {
    const rest = this.config.outbox.minCycleMs - (performance.now() - started);
    if (rest >= 1 && this.running) await sleep(rest);
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

  private async stepDown(): Promise<void> {
    const leadership = this.leadership;
    this.leadership = null;
    if (!leadership) return;
    await leadership.producer.disconnect().catch(() => undefined);
    await leadership.client.end().catch(() => undefined);
  }
}
