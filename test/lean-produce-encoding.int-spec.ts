import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createKafka, createPartitioner } from '@app/messaging';
import { TopicProbe, scratchTopic } from './support/kafka-probe';
import { testKafkaBrokers } from './support/test-environment';

/**
 * The engine's Kafka clients encode Produce requests themselves (useLeanProduceEncoding, ADR
 * 0009). The broker checks every record batch's CRC and layout; what it accepts must read back
 * as it was sent, through a transaction (the relay) and without one.
 */
describe('Produce requests encoded by the engine', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `lean-produce-${run}`;
  const { producers } = scratchTopic(topic, 3);

  const messages = (tag: string): Message[] =>
    Array.from({ length: 60 }, (_, index) => ({
      key: index % 10 === 0 ? null : `${tag}-${index}`,
      value:
        index % 2 === 0
          ? `{"tag":"${tag}","index":${index},"text":"déclaration 中 😀 ${'x'.repeat(index * 40)}"}`
          : Buffer.from(`${tag} bytes ${index}`),
      headers: {
        'decision-id': randomUUID(),
        'outbox-id': String(1_000 + index),
        tag,
        ...(index % 3 === 0 ? { repeated: ['a', 'b'] } : {}),
      },
    }));

  it('the broker accepts what the engine’s clients send, in a transaction and out of one, and it reads back unchanged', async () => {
    const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: `lean-produce-${run}` });
    const transactional = kafka.producer({
      transactionalId: `${topic}-relay`,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner,
    });
    const plain = kafka.producer({ createPartitioner });
    producers.push(transactional, plain);
    await Promise.all([transactional.connect(), plain.connect()]);
    const committed = messages('committed');
    const unsafe = messages('plain');
    const sent = [...committed, ...unsafe];

    const transaction = await transactional.transaction();
    await transaction.sendBatch({ topicMessages: [{ topic, messages: committed }] });
    await transaction.commit();
    await plain.sendBatch({ topicMessages: [{ topic, messages: unsafe }] });

    const probe = await new TopicProbe(topic).start();
    const received = await probe.waitFor(sent.length, 30_000, 500);
    await probe.stop();
    expect(received).toHaveLength(sent.length);
    const byOutboxIdAndTag = new Map(received.map((message) => [`${message.headers.tag}/${message.headers['outbox-id']}`, message]));
    for (const message of sent) {
      const headers = message.headers as Record<string, string | string[]>;
      const got = byOutboxIdAndTag.get(`${String(headers.tag)}/${String(headers['outbox-id'])}`);
      expect(got?.key).toBe(message.key);
      expect(got?.value).toBe(message.value!.toString());
      expect(got?.headers['decision-id']).toBe(headers['decision-id']);
    }
  });
});
