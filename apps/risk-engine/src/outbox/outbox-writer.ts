import type { EntityManager } from 'typeorm';
import { storableText, type DeadLetterRecord, type Topic } from '@app/contracts';
import type { RejectedMessage } from '../selectivity/commands/assess-declarations/assess-declarations.command';

import { OUTBOX_CHANNEL } from './outbox-channel';

export { OUTBOX_CHANNEL };
const MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;

/** A message to publish once the surrounding transaction commits. */
export interface OutboxRow {
  topic: string;
  key: string | null;
  payload: string;
  headers: Record<string, string>;
}

/** Queues messages for the relay inside the caller's transaction. */
export async function enqueueOutbox(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO outbox_messages (topic, message_key, payload, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
    [rows.map((r) => r.topic), rows.map((r) => r.key), rows.map((r) => r.payload), rows.map((r) => JSON.stringify(r.headers))],
  );
  await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
}

/**
 * Records rejected messages once per source offset and returns the dead-letter messages for the
 * ones not recorded before (a redelivered bad message is not dead-lettered twice).
 */
export async function recordDeadLetters(manager: EntityManager, rejected: RejectedMessage[], deadLetterTopic: Topic): Promise<OutboxRow[]> {
  if (rejected.length === 0) return [];
  const rejectedAt = new Date().toISOString();
  // Text that PostgreSQL cannot hold (NUL, unpaired surrogates) is replaced, so a hostile message is kept, not lost.
  const payloads = rejected.map((r) =>
    storableText(r.payload.length > MAX_DEAD_LETTER_PAYLOAD ? r.payload.slice(0, MAX_DEAD_LETTER_PAYLOAD) : r.payload),
  );
  const storable = (_: string, value: unknown) => (typeof value === 'string' ? storableText(value) : value);
  const rows = await manager.query<{ source_topic: string; source_partition: number; source_offset: string }[]>(
    `INSERT INTO rejected_messages (source_topic, source_partition, source_offset, message_key, reason_code, reason, payload, rejected_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::timestamptz[])
     ON CONFLICT DO NOTHING
     RETURNING source_topic, source_partition, source_offset::text AS source_offset`,
    [
      rejected.map((r) => r.source.topic),
      rejected.map((r) => r.source.partition),
      rejected.map((r) => r.source.offset),
      rejected.map((r) => r.source.key),
      rejected.map((r) => r.rejection.code),
      rejected.map((r) => JSON.stringify(r.rejection, storable)),
      payloads,
      rejected.map(() => rejectedAt),
    ],
  );
  const fresh = new Set(rows.map((row) => `${row.source_topic}/${row.source_partition}/${row.source_offset}`));
  return rejected
    .map((r, index) => ({ r, payload: payloads[index] ?? r.payload }))
    .filter(({ r }) => fresh.has(`${r.source.topic}/${r.source.partition}/${r.source.offset}`))
    .map(({ r, payload }) => {
      const record: DeadLetterRecord = { reason: r.rejection, source: r.source, payload, rejectedAt };
      return {
        topic: deadLetterTopic,
        key: r.source.key,
        payload: JSON.stringify(record),
        headers: { 'rejection-code': r.rejection.code },
      };
    });
}
