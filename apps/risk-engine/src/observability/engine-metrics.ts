import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RiskDecision } from '@app/contracts';

export type Channel = 'KAFKA' | 'HTTP';

/** The steps of an outbox relay cycle, in seconds: the claim statement, the Kafka send, the Kafka commit. */
export interface RelayCycleSteps {
  claim: number;
  send: number;
  commit: number;
}

/** Reads a value at scrape time; resolves to per-label values, or null when the source does not answer. */
export type ScrapeProbe<L extends string> = () => Promise<{ labels: Record<L, string>; value: number }[] | null>;

/**
 * The engine's Prometheus metrics. Counters move as work commits; lag and backlog are read from
 * Kafka and PostgreSQL when /metrics is scraped, so they are right even when the pipeline is stuck.
 */
export class EngineMetrics {
  /** The media type of `exposition()`: Prometheus text format 0.0.4, the registry's default. */
  static readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;
  readonly registry = new Registry();
  private readonly consumed: Counter<'channel'>;
  private readonly decisions: Counter<'channel' | 'lane'>;
  private readonly deadLetters: Counter<'topic' | 'reason'>;
  private readonly scoring: Histogram;
  private readonly assessment: Histogram<'channel'>;
  private readonly publishing: Histogram;
  private readonly relaySteps: Histogram<'step'>;
  private readonly vacuuming: Histogram;

  constructor(probes: { consumerLag: ScrapeProbe<'topic' | 'partition'>; outboxBacklog: ScrapeProbe<never> }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'risk_engine_' });
    const registers = [this.registry];
    this.consumed = new Counter({
      name: 'risk_engine_declarations_consumed_total',
      help: 'Declarations received (valid or not), by channel',
      labelNames: ['channel'],
      registers,
    });
    this.decisions = new Counter({
      name: 'risk_engine_decisions_total',
      help: 'New selectivity decisions committed, by lane and channel (a redelivered declaration is not counted again)',
      labelNames: ['channel', 'lane'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'risk_engine_dead_letters_total',
      help: 'Messages dead-lettered, by dead-letter topic and rejection code',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.scoring = new Histogram({
      name: 'risk_engine_scoring_duration_seconds',
      help: 'Time to score one declaration against the active ruleset and profiles',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    });
    this.assessment = new Histogram({
      name: 'risk_engine_assessment_duration_seconds',
      help: 'Time from a batch entering the engine to its decisions being committed, per declaration, by channel',
      labelNames: ['channel'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.publishing = new Histogram({
      name: 'risk_engine_outbox_publish_duration_seconds',
      help: 'Time for one outbox relay cycle that published: claiming the batch in PostgreSQL and committing its Kafka transaction',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.relaySteps = new Histogram({
      name: 'risk_engine_outbox_relay_step_duration_seconds',
      help: 'Time of each step of an outbox relay cycle that published: claim (the PostgreSQL statement), send (AddPartitionsToTxn and Produce), commit (EndTxn)',
      labelNames: ['step'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.vacuuming = new Histogram({
      name: 'risk_engine_outbox_vacuum_duration_seconds',
      help: 'Time for one vacuum of the outbox table by the relay (every OUTBOX_VACUUM_EVERY published messages)',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    const lag = new Gauge({
      name: 'risk_engine_consumer_lag',
      help: "Messages not yet consumed by the engine's consumer group, by topic and partition",
      labelNames: ['topic', 'partition'],
      registers,
      async collect() {
        const values = await probes.consumerLag();
        lag.reset();
        for (const { labels, value } of values ?? []) lag.set(labels, value);
      },
    });
    const backlog = new Gauge({
      name: 'risk_engine_outbox_backlog',
      help: 'Messages committed to the outbox and not yet published to Kafka',
      registers,
      async collect() {
        const values = await probes.outboxBacklog();
        // NaN says "unknown" (the database did not answer); 0 would claim an empty outbox.
        backlog.set(values?.[0]?.value ?? Number.NaN);
      },
    });
  }

  declarationsConsumed(channel: Channel, count: number): void {
    if (count > 0) this.consumed.inc({ channel }, count);
  }

  decided(channel: Channel, decisions: readonly RiskDecision[]): void {
    for (const decision of decisions) this.decisions.inc({ channel, lane: decision.lane });
  }

  deadLettered(topic: string, reasons: readonly string[]): void {
    for (const reason of reasons) this.deadLetters.inc({ topic, reason });
  }

  scored(seconds: number): void {
    this.scoring.observe(seconds);
  }

  assessed(channel: Channel, seconds: number, count: number): void {
    for (let i = 0; i < count; i += 1) this.assessment.observe({ channel }, seconds);
  }

  /** One relay cycle that published, with the time of each of its steps in seconds. */
  published(steps: RelayCycleSteps): void {
    this.publishing.observe(steps.claim + steps.send + steps.commit);
    for (const step of ['claim', 'send', 'commit'] as const) this.relaySteps.observe({ step }, steps[step]);
  }

  outboxVacuumed(seconds: number): void {
    this.vacuuming.observe(seconds);
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
