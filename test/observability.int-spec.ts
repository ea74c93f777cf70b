import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Topic, type RiskDecision } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { EngineProcess } from './support/engine-process';
import { TopicProbe, connectedProducer, type ReceivedMessage } from './support/kafka-probe';
import { scrape, total, type Sample } from './support/prometheus';

const HTTP_COUNT = 40;
const KAFKA_COUNT = 60;

/** What an operator sees: Prometheus metrics that move with the work, and JSON logs that tie a decision to its request. */
describe('operating the engine: /metrics and structured logs', () => {
  const runId = `OBS${randomUUID().slice(0, 8).toUpperCase()}`;
  const engine = new EngineProcess('observability', { LOG_LEVEL: 'debug' });
  const baseUrl = () => `http://127.0.0.1:${engine.port}`;
  let producer: Producer;
  let probe: TopicProbe;
  let before: Sample[];
  let after: Sample[];
  let published: ReceivedMessage[];

  beforeAll(async () => {
    engine.start();
    await engine.waitUntilReady();
    producer = await connectedProducer();
    probe = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
    before = await scrape(baseUrl());

    const overHttp = sampleDeclarations(HTTP_COUNT, { seed: 7, idPrefix: `${runId}-H` });
    for (const [index, declaration] of overHttp.entries()) {
      const response = await fetch(`${baseUrl()}/v1/risk-assessments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': `${runId}-corr-${index}` },
        body: JSON.stringify(declaration),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-correlation-id')).toBe(`${runId}-corr-${index}`);
    }
    const overKafka = sampleDeclarations(KAFKA_COUNT, { seed: 8, idPrefix: `${runId}-K` });
    await producer.send({
      topic: Topic.Declarations,
      messages: [
        ...overKafka.map((d) => ({
          key: d.declarationId,
          value: JSON.stringify(d),
          headers: { 'x-correlation-id': `${d.declarationId}-kc` },
        })),
        { key: `${runId}-bad-1`, value: '{"declarationId": ' },
        { key: `${runId}-bad-2`, value: '[1, 2, 3]' },
        { key: `${runId}-bad-3`, value: JSON.stringify(overKafka[0]), headers: { 'schema-version': '2' } },
      ],
    });
    published = await probe.waitFor(HTTP_COUNT + KAFKA_COUNT, 60_000, 500);
    after = await scrape(baseUrl());
  });

  afterAll(async () => {
    await probe?.stop();
    await producer?.disconnect();
    await engine.stop();
  });

  const delta = (name: string, labels: Record<string, string>) => total(after, name, labels) - total(before, name, labels);

  it('moves the lane counters by exactly the decisions made, per channel', () => {
    expect(published).toHaveLength(HTTP_COUNT + KAFKA_COUNT);
    const decisions = published.map((m) => JSON.parse(m.value) as RiskDecision);
    for (const channel of ['HTTP', 'KAFKA'] as const) {
      const mine = decisions.filter((d) => d.declarationId.startsWith(`${runId}-${channel[0]}`));
      for (const lane of ['GREEN', 'BLUE', 'YELLOW', 'RED'] as const) {
        expect({ channel, lane, moved: delta('risk_engine_decisions_total', { channel, lane }) }).toEqual({
          channel,
          lane,
          moved: mine.filter((d) => d.lane === lane).length,
        });
      }
    }
    expect(delta('risk_engine_decisions_total', {})).toBe(HTTP_COUNT + KAFKA_COUNT);
  });

  it('counts what was consumed, what was dead-lettered and why, and how long scoring took', () => {
    expect(delta('risk_engine_declarations_consumed_total', { channel: 'HTTP' })).toBe(HTTP_COUNT);
    expect(delta('risk_engine_declarations_consumed_total', { channel: 'KAFKA' })).toBe(KAFKA_COUNT + 3);
    const dlq = { topic: Topic.DeclarationsDeadLetter };
    expect(delta('risk_engine_dead_letters_total', { ...dlq, reason: 'MALFORMED_JSON' })).toBe(1);
    expect(delta('risk_engine_dead_letters_total', { ...dlq, reason: 'NOT_AN_OBJECT' })).toBe(1);
    expect(delta('risk_engine_dead_letters_total', { ...dlq, reason: 'UNSUPPORTED_SCHEMA_VERSION' })).toBe(1);
    expect(delta('risk_engine_scoring_duration_seconds_count', {})).toBe(HTTP_COUNT + KAFKA_COUNT);
    expect(delta('risk_engine_assessment_duration_seconds_count', { channel: 'HTTP' })).toBe(HTTP_COUNT);
  });

  it('reports consumer lag per partition and the outbox backlog, both back to zero once caught up', async () => {
    let samples = after;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      samples = await scrape(baseUrl());
      if (
        total(samples, 'risk_engine_consumer_lag', { topic: Topic.Declarations }) === 0 &&
        total(samples, 'risk_engine_outbox_backlog') === 0
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const partitions = samples.filter((s) => s.name === 'risk_engine_consumer_lag' && s.labels.topic === Topic.Declarations);
    expect(partitions.map((s) => s.labels.partition).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(partitions.every((s) => s.value === 0)).toBe(true);
    expect(samples.find((s) => s.name === 'risk_engine_outbox_backlog')?.value).toBe(0);
    // An empty backlog means the relay began a cycle after its last publishing one, which it had timed step by step.
    const cycles =
      total(samples, 'risk_engine_outbox_publish_duration_seconds_count') -
      total(before, 'risk_engine_outbox_publish_duration_seconds_count');
    expect(cycles).toBeGreaterThan(0);
    for (const step of ['claim', 'send', 'commit']) {
      const name = 'risk_engine_outbox_relay_step_duration_seconds_count';
      expect({ step, cycles: total(samples, name, { step }) - total(before, name, { step }) }).toEqual({ step, cycles });
    }
  });

  it('logs one JSON line per decision with its declarationId and the caller’s correlation id, which the decision message carries too', () => {
    const lines = readFileSync(engine.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes(runId))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const decided = lines.filter((line) => line.message === 'Decided');
    expect(decided).toHaveLength(HTTP_COUNT + KAFKA_COUNT);
    const first = decided.find((line) => line.declarationId === `${runId}-H-0000001`);
    expect(first).toMatchObject({ level: 'debug', context: 'Selectivity', correlationId: `${runId}-corr-0`, channel: 'HTTP' });
    const overKafka = decided.find((line) => line.declarationId === `${runId}-K-0000001`);
    expect(overKafka).toMatchObject({ correlationId: `${runId}-K-0000001-kc`, channel: 'KAFKA' });
    expect(lines.filter((line) => line.message === 'Dead-lettered').map((line) => line.reason)).toEqual(
      expect.arrayContaining(['MALFORMED_JSON', 'NOT_AN_OBJECT', 'UNSUPPORTED_SCHEMA_VERSION']),
    );
    const message = published.find((m) => m.key === `${runId}-H-0000001`);
    expect(message?.headers['x-correlation-id']).toBe(`${runId}-corr-0`);
  });
});
