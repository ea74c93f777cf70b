import { crc32c } from './crc32c';
import { useLeanProduceEncoding } from './lean-produce-encoding';
import { encodeProduceRequestBody, type ProduceMessage, type ProducePartition, type ProduceRequestBody } from './produce-request-encoder';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs' own encoders are the oracle; they are private modules. */
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;
const kafkajsProduceV3 = require('kafkajs/src/protocol/requests/produce/v3/request') as (body: ProduceRequestBody) => {
  apiVersion: number;
  encode: () => Promise<{ buffer: Buffer }>;
};
const KafkajsLong = require('kafkajs/src/utils/long') as { fromValue(value: unknown): { toString(): string } };
const produceDefinition = require('kafkajs/src/protocol/requests/produce') as {
  protocol: (query: { version: number }) => (body: ProduceRequestBody) => {
    request: { apiVersion: number; encode: () => Promise<{ buffer: Buffer; buf: Buffer }> };
  };
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NOW = 1_764_000_000_000;
const ALPHABET = ['a', 'Z', '0', '-', ' ', 'é', 'Ж', '中', '😀', '"', '\n'];

function generatedBody(seed: number): ProduceRequestBody {
  const next = random(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
  const text = (max: number) => Array.from({ length: Math.floor(next() * max) }, () => pick(ALPHABET)).join('');
  const bytes = (max: number): string | Buffer => (next() < 0.5 ? text(max) : Buffer.from(text(max), 'utf8'));
  const timestamps = next() < 0.5;
  const message = (): ProduceMessage => {
    const headers: NonNullable<ProduceMessage['headers']> = {};
    const headerCount = Math.floor(next() * 6);
    for (let h = 0; h < headerCount; h++) headers[`h-${text(8)}`] = next() < 0.2 ? [bytes(10), bytes(10)] : bytes(40);
    return {
      key: next() < 0.2 ? null : bytes(40),
      // Values of up to 1,500 characters take lengths past one and two varint bytes.
      value: next() < 0.1 ? null : next() < 0.3 ? text(1_500) : bytes(200),
      headers,
      ...(timestamps ? { timestamp: next() < 0.5 ? NOW - Math.floor(next() * 1e9) : String(NOW + Math.floor(next() * 1e6)) } : {}),
    };
  };
  const partitions = (): ProducePartition[] =>
    Array.from({ length: 1 + Math.floor(next() * 4) }, (_, index) => ({
      partition: index * 2,
      firstSequence: Math.floor(next() * 1e6),
      messages: Array.from({ length: 1 + Math.floor(next() * 40) }, message),
    }));
  const transactional = next() < 0.7;
  return {
    acks: pick([-1, 1, 0]),
    timeout: 30_000,
    compression: 0,
    ...(transactional ? { transactionalId: `relay-${text(10)}` } : {}),
    producerId: KafkajsLong.fromValue(transactional ? Math.floor(next() * 1e12) : -1),
    producerEpoch: transactional ? Math.floor(next() * 100) : 0,
    topicData: Array.from({ length: 1 + Math.floor(next() * 3) }, (_, index) => ({
      topic: `customs.topic-${index}.v1`,
      partitions: partitions(),
    })),
  };
}

async function kafkajsBytes(body: ProduceRequestBody): Promise<Buffer> {
  return (await kafkajsProduceV3(body).encode()).buffer;
}

describe('Produce request encoding', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  it('writes the bytes kafkajs writes, for 200 generated requests (keys, values and headers as strings and Buffers, nulls, repeated headers, timestamps)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const body = generatedBody(seed);
      const expected = await kafkajsBytes(body);
      const actual = encodeProduceRequestBody(body, NOW);
      if (!actual || !actual.equals(expected)) throw new Error(`seed ${seed}: the encodings differ`);
    }
  });

  it('leaves to kafkajs what it does not take: compression, an empty partition, a value that is not bytes', () => {
    const base = generatedBody(7);
    expect(encodeProduceRequestBody({ ...base, compression: 1 })).toBeNull();
    expect(encodeProduceRequestBody({ ...base, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [] }] }] })).toBeNull();
    const numeric = { value: 42 } as unknown as ProduceMessage;
    expect(
      encodeProduceRequestBody({ ...base, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [numeric] }] }] }),
    ).toBeNull();
  });

  it('computes the CRC-32C kafkajs computes, over any range', () => {
    const next = random(99);
    for (let round = 0; round < 200; round++) {
      const buffer = Buffer.from(Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256)));
      const start = Math.floor(next() * (buffer.length + 1));
      const end = start + Math.floor(next() * (buffer.length - start + 1));
      expect(crc32c(buffer, start, end)).toBe(kafkajsCrc32c(buffer.subarray(start, end)));
    }
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283); // the standard check value
  });

  it('once installed, is what kafkajs uses for Produce v3 to v7, and compressed requests still go through kafkajs', async () => {
    expect(useLeanProduceEncoding()).toBe(true);
    expect(useLeanProduceEncoding()).toBe(true);
    const body = generatedBody(11);
    const expected = await kafkajsBytes(body);
    expect(expected.length).not.toBe(2 ** Math.round(Math.log2(expected.length)));
    for (const version of [3, 5, 7]) {
      const { request } = produceDefinition.protocol({ version })(body);
      expect(request.apiVersion).toBe(version);
      const encoded = await request.encode();
      expect(encoded.buffer.equals(expected)).toBe(true);
      // This encoder's buffer holds the request exactly; kafkajs' encoders grow by powers of two.
      expect(encoded.buf.length).toBe(expected.length);
    }
    const gzip = { ...body, compression: 1 };
    const compressed = await produceDefinition.protocol({ version: 7 })(gzip).request.encode();
    expect(compressed.buffer.equals(await kafkajsBytes(gzip))).toBe(true);
  });
});
