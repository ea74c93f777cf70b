import { Kafka, logLevel, type Admin, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { testKafkaBrokers } from './test-environment';

export const testKafka = () =>
  new Kafka({ clientId: `probe-${randomUUID().slice(0, 8)}`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });

/**
 * A topic of the calling spec's own, created before its tests and deleted after them, with an
 * admin client for the spec and a list where it puts the producers it opens (disconnected after).
 */
export function scratchTopic(topic: string, numPartitions: number): { readonly admin: Admin; readonly producers: Producer[] } {
  const scratch = { admin: testKafka().admin(), producers: [] as Producer[] };
  beforeAll(async () => {
    await scratch.admin.connect();
    await scratch.admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await Promise.all(scratch.producers.map((producer) => producer.disconnect().catch(() => undefined)));
    await scratch.admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await scratch.admin.disconnect();
  });
  return scratch;
}

export interface ReceivedMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads a topic from the beginning (read_committed) and keeps the messages a filter accepts. */
export class TopicProbe {
  readonly received: ReceivedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly topic: string,
    private readonly accept: (message: ReceivedMessage) => boolean = () => true,
  ) {}

  async start(): Promise<this> {
    this.consumer = testKafka().consumer({ groupId: `probe-${randomUUID()}`, readUncommitted: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message, partition }) => {
        const received = toReceived(message, partition);
        if (this.accept(received)) this.received.push(received);
        return Promise.resolve();
      },
    });
    return this;
  }

  /** Waits until at least `count` messages are in, then `settleMs` more to catch any extra. */
  async waitFor(count: number, timeoutMs = 60_000, settleMs = 1_500): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return this.received;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function toReceived(message: KafkaMessage, partition: number): ReceivedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = value.toString();
  }
  return {
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? '',
    headers,
    partition,
    offset: message.offset,
  };
}

export async function connectedProducer(): Promise<Producer> {
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}
