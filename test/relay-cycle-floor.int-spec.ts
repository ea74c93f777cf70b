import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topic } from '@app/contracts';
import { aDeclaration } from '@app/testing';
import { startEngine } from './support/engine-harness';
import { TopicProbe } from './support/kafka-probe';

const FLOOR_MS = 400;
const COUNT = 24;
const SPACING_MS = 50;

/**
 * OUTBOX_RELAY_MIN_CYCLE_MS: relay transactions start at least that far apart while the outbox
 * holds less than a batch, so decisions that arrive one by one share transactions.
 */
describe('the outbox relay with a cycle floor', () => {
  const runId = `FLR${randomUUID().slice(0, 8).toUpperCase()}`;
  let engine: INestApplication;

  beforeAll(async () => {
    engine = await startEngine({ OUTBOX_RELAY_MIN_CYCLE_MS: String(FLOOR_MS) });
  });

  afterAll(async () => {
    await engine?.close();
  });

  const relayCycles = async () => {
    const body = (await request(engine.getHttpServer()).get('/metrics').expect(200)).text;
    return Number(/^risk_engine_outbox_relay_step_duration_seconds_count\{step="commit"\} (\d+)$/m.exec(body)?.[1] ?? 0);
  };

  it('publishes every decision once, in fewer transactions than decisions', async () => {
    const probe = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
    const cyclesBefore = await relayCycles();
    const started = Date.now();
    for (let i = 0; i < COUNT; i += 1) {
      await request(engine.getHttpServer())
        .post('/v1/risk-assessments')
        .send(aDeclaration({ declarationId: `${runId}-${i}` }))
        .expect(200);
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    }
    const received = await probe.waitFor(COUNT, 30_000, 1_500);
    const elapsedMs = Date.now() - started;
    await probe.stop();
    expect(new Set(received.map((message) => message.key)).size).toBe(COUNT);
    expect(received).toHaveLength(COUNT);
    // At most one transaction per floor while they arrived (plus the one that found the first),
    // where without a floor each decision, 50 ms after the last, would go in one of its own.
    const cycles = (await relayCycles()) - cyclesBefore;
    expect(cycles).toBeGreaterThan(0);
    expect(cycles).toBeLessThanOrEqual(Math.ceil(elapsedMs / FLOOR_MS) + 1);
    expect(cycles).toBeLessThan(COUNT / 2);
  });
});
