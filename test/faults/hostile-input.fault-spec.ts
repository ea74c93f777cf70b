import type { Message, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Topic, type DeadLetterRecord } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { EngineProcess } from '../support/engine-process';
import { TopicProbe, connectedProducer } from '../support/kafka-probe';
import { FAULT_DECLARATIONS, asMessage, decisionProbe, expectEachDecidedOnce, publish } from './fault-support';

/** Bad input of every kind, and every declaration delivered more than once, among 10,000 declarations. */
describe('hostile input and duplicate deliveries', () => {
  const engine = new EngineProcess('hostile-input');
  let producer: Producer;

  beforeAll(async () => {
    producer = await connectedProducer();
    engine.start();
    await engine.waitUntilReady();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await engine.stop('SIGKILL');
  });

  it('decides each of 10,000 declarations exactly once though each is delivered twice, some after their decision', async () => {
    const runId = `DUP${randomUUID().slice(0, 8).toUpperCase()}`;
    const declarations = sampleDeclarations(FAULT_DECLARATIONS, { seed: 41, idPrefix: runId });
    const probe = await decisionProbe(runId);
    const messages = declarations.map(asMessage);
    await publish(producer, [...messages, ...messages.slice(0, FAULT_DECLARATIONS / 2)]);
    await probe.waitFor(FAULT_DECLARATIONS, 120_000, 0);
    await publish(producer, messages.slice(FAULT_DECLARATIONS / 2));
    await expectEachDecidedOnce(probe, runId, declarations);
  });

  it('dead-letters every bad message with its reason while the valid ones are decided, and stays healthy', async () => {
    const runId = `BAD${randomUUID().slice(0, 8).toUpperCase()}`;
    const valid = sampleDeclarations(FAULT_DECLARATIONS, { seed: 42, idPrefix: `${runId}-OK` });
    const template = valid[0];
    if (!template) throw new Error('no sample');
    const withDescription = (description: string) => JSON.stringify({ ...template, items: [{ ...template.items[0], description }] });
    const corpus: { reason: string; message: (key: string) => Message }[] = [
      { reason: 'MALFORMED_JSON', message: (key) => ({ key, value: '{"declarationId": "' }) },
      { reason: 'MALFORMED_JSON', message: (key) => ({ key, value: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) }) },
      { reason: 'MALFORMED_JSON', message: (key) => ({ key, value: null }) },
      { reason: 'NOT_AN_OBJECT', message: (key) => ({ key, value: '"a string"' }) },
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({ key, value: JSON.stringify({ ...template, declarationId: key, submittedAt: 42 }) }),
      },
      { reason: 'INVALID_DECLARATION', message: (key) => ({ key, value: JSON.stringify({ declarationId: key, type: 'IMPORT' }) }) },
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({ key, value: JSON.stringify({ ...template, declarationId: key, items: 'many' }) }),
      },
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({ key, value: withDescription('NUL \u0000 inside').replace(template.declarationId, key) }),
      },
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({ key, value: withDescription('lone \ud800 surrogate').replace(template.declarationId, key) }),
      },
      // Keys class-transformer follows, arrays where objects belong, and nesting deep enough to overflow a recursive walk.
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({ key, value: JSON.stringify({ ...template, declarationId: key, transportMode: { constructor: 1 } }) }),
      },
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({ key, value: JSON.stringify({ ...template, declarationId: key, items: [[]] }) }),
      },
      {
        reason: 'INVALID_DECLARATION',
        message: (key) => ({
          key,
          value: JSON.stringify({ ...template, declarationId: key, routing: [] }).replace(
            '[]',
            `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
          ),
        }),
      },
      { reason: 'PAYLOAD_TOO_LARGE', message: (key) => ({ key, value: withDescription('x'.repeat(300 * 1024)) }) },
      {
        reason: 'UNSUPPORTED_SCHEMA_VERSION',
        message: (key) => ({ key, value: JSON.stringify({ ...template, declarationId: key, schemaVersion: 9 }) }),
      },
      {
        reason: 'UNSUPPORTED_SCHEMA_VERSION',
        message: (key) => ({ key, value: JSON.stringify(template), headers: { 'schema-version': '2' } }),
      },
      { reason: 'KEY_MISMATCH', message: (key) => ({ key, value: JSON.stringify(template) }) },
      {
        reason: 'KEY_MISMATCH',
        message: (key) => ({ key: `${key}\u0000'; DROP TABLE risk_decisions; --`, value: JSON.stringify(template) }),
      },
    ];
    const bad = Array.from({ length: 200 }, (_, index) => {
      const entry = corpus[index % corpus.length];
      if (!entry) throw new Error('empty corpus');
      return { key: `${runId}-BAD-${index}`, reason: entry.reason, message: entry.message(`${runId}-BAD-${index}`) };
    });
    const dlq = await new TopicProbe(Topic.DeclarationsDeadLetter, (m) => m.value.includes(`${runId}-BAD-`)).start();
    const decisions = await decisionProbe(runId);
    const messages = valid.map(asMessage);
    // Interleave: one bad message after every 50 valid ones.
    const mixed = messages.flatMap((message, index) =>
      index % 50 === 0 && bad[index / 50] ? [bad[index / 50]?.message ?? message, message] : [message],
    );
    await publish(producer, mixed);

    await expectEachDecidedOnce(decisions, runId, valid);
    const deadLetters = (await dlq.waitFor(bad.length, 60_000, 2_000)).map((m) => JSON.parse(m.value) as DeadLetterRecord);
    await dlq.stop();
    expect(deadLetters).toHaveLength(bad.length);
    const reasonByKey = new Map(
      deadLetters.map((record) => [record.source.key?.slice(0, `${runId}-BAD-`.length + 3).replace(/[^\w-].*$/, ''), record.reason.code]),
    );
    for (const entry of bad)
      expect({ key: entry.key, reason: reasonByKey.get(entry.key) }).toEqual({ key: entry.key, reason: entry.reason });
    for (const record of deadLetters) expect(record.reason.message.length).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${engine.port}/health/ready`)).status).toBe(200);
  });
});
