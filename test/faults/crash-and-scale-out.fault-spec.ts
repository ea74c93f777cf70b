import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { sampleDeclarations } from '@app/testing';
import { EngineProcess } from '../support/engine-process';
import { connectedProducer } from '../support/kafka-probe';
import { FAULT_DECLARATIONS, asMessage, decisionProbe, expectEachDecidedOnce, publish, waitForDecisionsStored } from './fault-support';

/** Engines stopping mid-stream, politely (SIGTERM) or not (SIGKILL): every declaration still gets exactly one decision. */
describe('engines stopping mid-stream', () => {
  let producer: Producer;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    producer = await connectedProducer();
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stop('SIGKILL')));
    await producer?.disconnect();
  });

  const engine = (name: string) => {
    const process = new EngineProcess(name);
    engines.push(process);
    return process;
  };

  it('two instances share the partitions; one stopped with SIGTERM hands over and nothing is lost or doubled', async () => {
    const runId = `SCALE${randomUUID().slice(0, 8).toUpperCase()}`;
    const declarations = sampleDeclarations(FAULT_DECLARATIONS, { seed: 31, idPrefix: runId });
    const probe = await decisionProbe(runId);
    const first = engine('scale-out-a').start();
    const second = engine('scale-out-b').start();
    await Promise.all([first.waitUntilReady(), second.waitUntilReady()]);

    const publishing = publish(producer, declarations.map(asMessage), 500);
    await waitForDecisionsStored(runId, 2_000);
    await second.stop('SIGTERM');
    await publishing;

    await expectEachDecidedOnce(probe, runId, declarations);
    expect(await second.logText()).toContain('Stopped consuming; the last batch is committed');
    await first.stop();
  });

  it('an engine killed with SIGKILL mid-batch is replaced and every declaration gets exactly one decision', async () => {
    const runId = `KILL${randomUUID().slice(0, 8).toUpperCase()}`;
    const declarations = sampleDeclarations(FAULT_DECLARATIONS, { seed: 32, idPrefix: runId });
    const probe = await decisionProbe(runId);
    const doomed = engine('kill-9').start();
    await doomed.waitUntilReady();
    await publish(producer, declarations.map(asMessage));
    await waitForDecisionsStored(runId, 3_000);
    await doomed.stop('SIGKILL');

    const replacement = engine('kill-9-replacement').start();
    await replacement.waitUntilReady();
    await expectEachDecidedOnce(probe, runId, declarations);
    expect((await fetch(`http://127.0.0.1:${replacement.port}/health/ready`)).status).toBe(200);
    await replacement.stop();
  });
});
