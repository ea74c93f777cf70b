import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { sampleDeclarations } from '@app/testing';
import { EngineProcess } from '../support/engine-process';
import { connectedProducer } from '../support/kafka-probe';
import { FAULT_DECLARATIONS, asMessage, decisionProbe, expectEachDecidedOnce, publish, waitForDecisionsStored } from './fault-support';

const STACK = resolve(__dirname, '../../scripts/stack/stack.sh');
const restart = (service: 'kafka' | 'postgres') =>
  execFileSync('bash', [STACK, `restart-${service}`], { stdio: 'ignore', timeout: 120_000 });

/** The engine's one LISTEN connection, shared by ruleset activations, history announcements and calibrations. */
const LISTENER = 'Notification listener';
const reconnections = (log: string, label: string) => log.split(`${label} reconnected`).length - 1;

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
      const logBefore = await engine.logText();
      restart(service);
      await engine.waitUntilReady(120_000);
      const probe = await decisionProbe(runId);
      await expectEachDecidedOnce(probe, runId, declarations, 240_000);
      if (service === 'postgres') {
        // The LISTEN connection (ruleset activations, history announcements, calibrations) came back too, once.
        const logAfter = await engine.logText();
        expect(reconnections(logAfter, LISTENER) - reconnections(logBefore, LISTENER)).toBe(1);
      }
    },
  );
});
