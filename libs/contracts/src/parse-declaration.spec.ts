import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InspectionOutcomeDto } from './inspection-outcome';
import { MAX_DECLARATION_BYTES, parseDeclarationMessage, validateDeclaration } from './parse-declaration';
import { validateAs } from './validate-message';

const FIXTURES = join(__dirname, '../fixtures/declarations');
const fixture = (kind: 'ok' | 'not-ok', name: string) => readFileSync(join(FIXTURES, kind, name));

describe(validateDeclaration.name, () => {
  it.each(readdirSync(join(FIXTURES, 'ok')))('accepts ok/%s', (name) => {
    const result = validateDeclaration(JSON.parse(fixture('ok', name).toString()));
    expect(result.ok).toBe(true);
  });

  it('defaults the version to 1 and keeps the HS code a string', () => {
    const result = validateDeclaration(JSON.parse(fixture('ok', 'minimal-export.json').toString()));
    expect(result).toMatchObject({ ok: true, declaration: { version: 1, items: [{ hsCode: '845611' }] } });
  });

  it('drops fields the contract does not know', () => {
    const value = { ...JSON.parse(fixture('ok', 'minimal-export.json').toString()), secret: 'x' };
    const result = validateDeclaration(value);
    expect(result.ok && 'secret' in result.declaration).toBe(false);
  });

  it.each([
    ['no-items.json', 'items', 'items must hold at least one item'],
    ['bad-hs-code.json', 'items[0].hsCode', 'hsCode must be a string of 6 to 10 digits'],
    ['bad-country.json', 'countryOfDeparture', 'countryOfDeparture must be an ISO 3166 alpha-2 country code (two upper-case letters)'],
    ['unknown-type.json', 'type', 'type must be one of the following values: IMPORT, EXPORT, TRANSIT'],
    ['missing-submitted-at.json', 'submittedAt', 'submittedAt must be an ISO-8601 date-time'],
    ['negative-mass.json', 'items[0].netMassKg', 'netMassKg must not be less than 0'],
  ])('rejects not-ok/%s on %s', (name, field, problem) => {
    const result = validateDeclaration(JSON.parse(fixture('not-ok', name).toString()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('INVALID_DECLARATION');
    expect(result.rejection.fields).toContainEqual({ field, problems: expect.arrayContaining([problem]) });
  });

  it.each([[null], [[1, 2]], ['text'], [42]])('rejects %j as not an object', (value) => {
    expect(validateDeclaration(value)).toMatchObject({ ok: false, rejection: { code: 'NOT_AN_OBJECT' } });
  });
});

describe(parseDeclarationMessage.name, () => {
  const valid = fixture('ok', 'full-import.json');

  it('parses a valid message whose key is the declaration id', () => {
    expect(parseDeclarationMessage(valid, 'BE-2026-000123')).toMatchObject({
      ok: true,
      declaration: { declarationId: 'BE-2026-000123', version: 2 },
    });
  });

  it('rejects malformed JSON with the parser message', () => {
    const result = parseDeclarationMessage(Buffer.from('{"declarationId": '), null);
    expect(result).toMatchObject({ ok: false, rejection: { code: 'MALFORMED_JSON' } });
  });

  it('rejects an empty message', () => {
    expect(parseDeclarationMessage(null, 'K')).toMatchObject({
      ok: false,
      rejection: { code: 'MALFORMED_JSON', message: 'The message has no value' },
    });
  });

  it('rejects an oversize message before parsing it', () => {
    const big = Buffer.alloc(MAX_DECLARATION_BYTES + 1, 0x20);
    expect(parseDeclarationMessage(big, null)).toMatchObject({ ok: false, rejection: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('rejects a key that differs from the declaration id', () => {
    expect(parseDeclarationMessage(valid, 'OTHER')).toMatchObject({ ok: false, rejection: { code: 'KEY_MISMATCH' } });
  });
});

describe('hostile text and schema versions', () => {
  const base = JSON.parse(fixture('ok', 'minimal-export.json').toString()) as Record<string, unknown>;

  it.each([
    ['a NUL character', 'BOX\u0000CUTTER'],
    ['an unpaired high surrogate', 'tea \ud83d'],
    ['an unpaired low surrogate', '\udca9 pile'],
  ])('rejects %s in a text field, naming the field', (_, text) => {
    const result = validateDeclaration({ ...base, items: [{ lineNo: 1, hsCode: '845611', description: text }] });
    expect(result).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_DECLARATION', fields: [{ field: 'items[0].description', problems: [expect.stringContaining('NUL')] }] },
    });
  });

  it('accepts paired surrogates (emoji), markup and SQL-looking text unchanged', () => {
    const description = "🐍 <script>alert(1)</script> '; DROP TABLE risk_decisions; --";
    const result = validateDeclaration({ ...base, items: [{ lineNo: 1, hsCode: '845611', description }] });
    expect(result).toMatchObject({ ok: true, declaration: { items: [{ description }] } });
  });

  it('rejects a schema-version header other than 1 before parsing', () => {
    expect(parseDeclarationMessage(Buffer.from('{'), null, '2')).toMatchObject({
      ok: false,
      rejection: { code: 'UNSUPPORTED_SCHEMA_VERSION', message: expect.stringContaining('"2"') },
    });
    expect(parseDeclarationMessage(Buffer.from(JSON.stringify(base)), 'EX-1', '1')).toMatchObject({ ok: true });
  });

  it('rejects a schemaVersion field other than 1 and accepts 1', () => {
    expect(validateDeclaration({ ...base, schemaVersion: 3 })).toMatchObject({
      ok: false,
      rejection: { code: 'UNSUPPORTED_SCHEMA_VERSION' },
    });
    expect(validateDeclaration({ ...base, schemaVersion: 1 })).toMatchObject({ ok: true });
  });
});

describe('keys class-transformer would follow, and deep nesting', () => {
  const text = fixture('ok', 'minimal-export.json').toString();
  const withField = (field: string, value: string) =>
    Buffer.from(text.replace('"declarationId"', `${JSON.stringify(field)}: ${value}, "declarationId"`));

  it.each(['transportMode', 'declarationId', 'routing', 'importer'])(
    'rejects a %s object holding a "constructor" key instead of throwing',
    (field) => {
      const message = Buffer.from(JSON.stringify({ ...JSON.parse(text), [field]: { mode: 'AIR', constructor: 1 } }));
      const result = parseDeclarationMessage(message, null);
      expect(result).toMatchObject({
        ok: false,
        rejection: {
          code: 'INVALID_DECLARATION',
          fields: expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(new RegExp(`^${field}`)) })]),
        },
      });
    },
  );

  it('drops "constructor" and "__proto__" keys as unknown fields and keeps the rest', () => {
    const message = Buffer.from(text.replace('"lineNo": 1', '"constructor": {"name": "x"}, "__proto__": {"polluted": true}, "lineNo": 1'));
    const result = parseDeclarationMessage(message, 'EX-1');
    expect(result).toEqual({ ok: true, declaration: { ...JSON.parse(text), version: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a value nested 100,000 levels deep, naming where it goes too deep', () => {
    const result = parseDeclarationMessage(withField('routing', `${'['.repeat(100_000)}${']'.repeat(100_000)}`), null);
    expect(result).toMatchObject({
      ok: false,
      rejection: {
        code: 'INVALID_DECLARATION',
        fields: [{ field: `routing${'[0]'.repeat(15)}`, problems: [expect.stringContaining('16 levels')] }],
      },
    });
  });
});

describe(validateAs.name, () => {
  const outcome = { outcomeId: 'O-1', declarationId: 'EX-1', result: 'SEIZURE', inspectedAt: '2026-11-24T09:00:00Z' };

  it('rejects an outcome whose result is an object holding a "constructor" key instead of throwing', () => {
    const value = JSON.parse(JSON.stringify({ ...outcome, result: { constructor: 1 } })) as unknown;
    expect(validateAs(InspectionOutcomeDto, value, 'An inspection outcome')).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_MESSAGE', fields: [{ field: 'result' }] },
    });
  });

  it('drops a top-level "__proto__" key and accepts the outcome', () => {
    const value = JSON.parse(`{"__proto__": {"result": "NO_FINDING"}, ${JSON.stringify(outcome).slice(1)}`) as unknown;
    expect(validateAs(InspectionOutcomeDto, value, 'An inspection outcome')).toEqual({ ok: true, value: outcome });
  });
});

describe('arrays where the contract has objects', () => {
  const base = JSON.parse(fixture('ok', 'minimal-export.json').toString()) as Record<string, unknown>;

  it.each([
    ['items', [[]], 'items', 'each item must be a JSON object'],
    ['items', [[{ lineNo: 1, hsCode: '845611' }]], 'items', 'each item must be a JSON object'],
    ['importer', [[]], 'importer', 'importer must be a JSON object'],
    ['conveyance', [{ mode: 'AIR' }], 'conveyance', 'conveyance must be a JSON object'],
  ])('rejects %s holding %j', (field, value, named, problem) => {
    expect(validateDeclaration({ ...base, [field]: value })).toMatchObject({
      ok: false,
      rejection: {
        code: 'INVALID_DECLARATION',
        fields: expect.arrayContaining([{ field: named, problems: expect.arrayContaining([problem]) }]),
      },
    });
  });
});
