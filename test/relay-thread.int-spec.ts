import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import request from 'supertest';
import { Topic } from '@app/contracts';
import { aDeclaration } from '@app/testing';
import { OutboxRelay } from '../apps/risk-engine/src/outbox/outbox-relay';
import { startEngine } from './support/engine-harness';
import { TopicProbe } from './support/kafka-probe';

const COUNT = 25;

/**
 * OUTBOX_RELAY_THREAD=worker runs the relay on a worker thread of its own; what it publishes, what
 * it measures and what it logs reach the engine's topics, metrics and logs as from the main thread.
 */
describe('the outbox relay on a worker thread', () => {
  const runId = `THR${randomUUID().slice(0, 8).toUpperCase()}`;
  let engine: INestApplication;

  beforeAll(async () => {
    engine = await startEngine({ OUTBOX_RELAY_THREAD: 'worker' });
  });

  afterAll(async () => {
    await engine?.close();
  });

  const relaySteps = async (step: string) => {
    const body = (await request(engine.getHttpServer()).get('/metrics').expect(200)).text;
    return Number(
      new RegExp(`^risk_engine_outbox_relay_step_duration_seconds_count\\{step="${step}"\\} (\\d+)$`, 'm').exec(body)?.[1] ?? 0,
    );
  };

  it('publishes every decision once, and its cycles show in the engine’s metrics', async () => {
    const probe = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
    const cyclesBefore = await relaySteps('commit');
    for (let i = 0; i < COUNT; i += 1) {
      await request(engine.getHttpServer())
        .post('/v1/risk-assessments')
        .send(aDeclaration({ declarationId: `${runId}-${i}` }))
        .expect(200);
    }
    const received = await probe.waitFor(COUNT, 30_000, 1_500);
    await probe.stop();
    expect(new Set(received.map((message) => message.key)).size).toBe(COUNT);
    expect(received).toHaveLength(COUNT);
    const deadline = Date.now() + 5_000;
    while ((await relaySteps('commit')) === cyclesBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const cycles = (await relaySteps('commit')) - cyclesBefore;
    expect(cycles).toBeGreaterThan(0);
    expect(cycles).toBeLessThanOrEqual(COUNT);
    expect((await relaySteps('claim')) - cyclesBefore).toBe(cycles);
  });

  it('runs the relay off the engine’s own thread', () => {
    const relay = engine.get(OutboxRelay);
    expect(relay.threadId).not.toBeNull();
    expect(relay.threadId).not.toBe(threadId);
  });
});
