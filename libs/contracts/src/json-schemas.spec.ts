import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDeclarations } from '@app/testing';
import { contractSchema } from '../../testing/src/contract-schemas';
import type { DeadLetterRecord, Rejection } from './dead-letter';
import { versionConflict } from './dead-letter';
import { parseDeclarationMessage, validateDeclaration } from './parse-declaration';

const fixtures = (kind: 'ok' | 'not-ok') => {
  const folder = join(__dirname, '../fixtures/declarations', kind);
  return readdirSync(folder).map((file) => [file, JSON.parse(readFileSync(join(folder, file), 'utf8')) as unknown] as const);
};

/** The published JSON Schemas (docs/contracts) say what the engine accepts and writes. */
describe('published contract schemas', () => {
  const declarationSchema = contractSchema('declaration');

  it.each(fixtures('ok'))('the declaration schema and the engine both accept %s', (_file, body) => {
    expect(declarationSchema(body)).toBe(true);
    expect(validateDeclaration(body).ok).toBe(true);
  });

  it.each(fixtures('not-ok'))('the declaration schema and the engine both refuse %s', (_file, body) => {
    expect(declarationSchema(body)).toBe(false);
    expect(validateDeclaration(body).ok).toBe(false);
  });

  it('the declaration schema accepts 500 generated declarations the engine accepts, also as the engine stores them', () => {
    for (const declaration of sampleDeclarations(500, { seed: 3, riskShare: 0.5 })) {
      const parsed = validateDeclaration(JSON.parse(JSON.stringify(declaration)));
      expect(parsed.ok).toBe(true);
      expect([declarationSchema(declaration), declarationSchema.errors]).toEqual([true, null]);
      if (parsed.ok) expect(declarationSchema(JSON.parse(JSON.stringify(parsed.declaration)))).toBe(true);
    }
  });

  it('the dead-letter schema accepts the records of a malformed message and of a version conflict', () => {
    const malformed = parseDeclarationMessage(Buffer.from('{"declarationId": '), 'BE-1');
    if (malformed.ok) throw new Error('a malformed message was accepted');
    const record = (reason: Rejection): DeadLetterRecord => ({
      reason,
      source: { topic: 'customs.declarations.v1', partition: 3, offset: '1187', key: 'BE-1', timestamp: '2026-11-24T08:15:01.000Z' },
      payload: '{"declarationId": ',
      rejectedAt: '2026-11-24T08:15:01.204Z',
    });
    const deadLetterSchema = contractSchema('dead-letter');
    expect(deadLetterSchema(record(malformed.rejection))).toBe(true);
    expect(deadLetterSchema(record(versionConflict('BE-1', 1, 'c16e298b-900d-5d95-b630-0cc79a5d6a62')))).toBe(true);
    expect(deadLetterSchema(record({ ...malformed.rejection, code: 'SOMETHING_ELSE' as Rejection['code'] }))).toBe(false);
  });
});
