import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Topic } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { EngineProcess } from '../support/engine-process';
import { TopicProbe, connectedProducer } from '../support/kafka-probe';
import {
  FAULT_DECLARATIONS,
  asMessage,
  decisionsOnTopic,
  expectExactlyOneDecisionEach,
  publish,
  waitForDecisionsStored,
} from './fault-support';

const STACK = resolve(__dirname, '../../scripts/stack/stack.sh');
const restart = (service: 'kafka' | 'postgres') =>
  execFileSync('bash', [STACK, `restart-${service}`], { stdio: 'ignore', timeout: 120_000 });

async function waitUntilReady(engine: EngineProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${engine.port}/health/ready`).catch(() => null);
    if (ready?.status === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the engine did not become ready again');
}

/** The broker or the database restarts while 10,000 declarations are in flight; the engine rides it out. */
describe('infrastructure restarts mid-stream', () => {
  const engine = new EngineProcess('infrastructure-restart');
  let producer: Producer;

  beforeAll(async () => {
    engine.start();
    await engine.waitUntilReady();
    producer = await connectedProducer();
  });

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await engine.stop('SIGKILL');
  });

  it.each(['postgres', 'kafka'] as const)(
    '%s restart: every declaration gets exactly one decision and the engine is ready afterwards',
    async (service) => {
      const runId = `RST${service.slice(0, 2).toUpperCase()}${randomUUID().slice(0, 8).toUpperCase()}`;
      const declarations = sampleDeclarations(FAULT_DECLARATIONS, { seed: 51, idPrefix: runId });
      await publish(producer, declarations.map(asMessage));
      await waitForDecisionsStored(runId, 1_500);
      restart(service);
      await waitUntilReady(engine);
      const probe = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
      const perDeclaration = await decisionsOnTopic(probe, FAULT_DECLARATIONS, 240_000);
      await probe.stop();
      await expectExactlyOneDecisionEach(
        runId,
        declarations.map((d) => d.declarationId),
        perDeclaration,
      );
    },
  );
});
