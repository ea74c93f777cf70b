import fc from 'fast-check';
import { IsInt, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { declarationArbitrary } from '@app/testing';
import { UNSURE, compileReader } from './compiled-validation';
import { DeclarationDto } from './declaration.dto';
import { inspectPayload } from './payload-shape';
import { validateDeclaration, validateDeclarationWithClassValidator } from './parse-declaration';

/** Values chosen to sit on and around the contract's limits, plus wrong types. */
const EDGE_VALUES: unknown[] = [
  -0,
  0,
  1,
  -1,
  1.5,
  999,
  1000,
  1001,
  9999,
  10_000,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'BE',
  'be',
  'BEL',
  'EUR',
  'eur',
  'EURO',
  '610910',
  '61091',
  '6109100000',
  '61091000000',
  '61091O',
  '2026-11-24T08:00:00Z',
  '2026-11-24',
  '2026-02-30T00:00:00Z',
  '2026-11-24T08:00:00+01:00',
  'yesterday',
  'IMPORT',
  'import',
  'SEA',
  'BOAT',
  'x'.repeat(16),
  'x'.repeat(17),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(512),
  'x'.repeat(513),
  true,
  false,
  null,
  undefined,
  [],
  {},
  ['BE'],
  ['be'],
  [1],
  [{}],
  [[]],
  { id: 'X' },
  { id: '' },
  { id: 1 },
  { mode: 'AIR' },
  Array.from({ length: 33 }, () => 'BE'),
  [{ lineNo: 1, hsCode: '610910' }],
  [{ lineNo: 0, hsCode: '610910' }],
];

const valueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_VALUES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.double() },
);

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: valueArbitrary }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.constantFrom('unknown', 'constructor', '__proto__', 'toString', 'id', 'version', 'items', 'hsCode'),
    value: valueArbitrary,
  }),
);

type Container = Record<string, unknown> | unknown[];

/** Every object or array inside the value, with the keys it holds. */
function containers(value: unknown, found: Container[] = []): Container[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value as Container);
  for (const child of Object.values(value)) containers(child, found);
  return found;
}

function mutate(declaration: unknown, mutations: Mutation[]): unknown {
  const root = JSON.parse(JSON.stringify(declaration)) as Record<string, unknown>;
  for (const mutation of mutations) {
    const targets = containers(root);
    const target = targets[mutation.at % targets.length] as Record<string, unknown>;
    const keys = Object.keys(target);
    if (mutation.kind === 'add') {
      // JSON gives arrays no named keys.
      if (Array.isArray(target)) continue;
      // defineProperty, as JSON.parse does: an own "__proto__" key, not a prototype change.
      const value = structuredClone(mutation.value);
      Object.defineProperty(target, mutation.key, { value, enumerable: true, configurable: true, writable: true });
      continue;
    }
    const key = keys[mutation.at % Math.max(keys.length, 1)];
    if (key === undefined) continue;
    // Splice, not delete: JSON has no arrays with holes.
    if (mutation.kind === 'delete') {
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
    } else target[key] = structuredClone(mutation.value);
  }
  // What reaches the engine went through JSON: no undefined, NaN or -0, and own "__proto__" keys stay.
  return JSON.parse(JSON.stringify(root));
}

describe(compileReader.name, () => {
  it('reads every valid generated declaration itself, exactly as class-validator leaves it', () => {
    fc.assert(
      fc.property(declarationArbitrary, (declaration) => {
        const value = JSON.parse(JSON.stringify(declaration)) as unknown;
        const compiled = compileReader(DeclarationDto)(structuredClone(value));
        expect(compiled).not.toBe(UNSURE);
        expect(validateDeclaration(structuredClone(value))).toEqual(validateDeclarationWithClassValidator(structuredClone(value)));
      }),
      { numRuns: 1_000, seed: 20261125 },
    );
  });

  it('gives the same verdict and the same declaration as class-validator for 5,000 mutated declarations', () => {
    let accepted = 0;
    let withPrototypeKeys = 0;
    const reader = compileReader(DeclarationDto);
    fc.assert(
      fc.property(declarationArbitrary, fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), (declaration, mutations) => {
        const value = mutate(declaration, mutations);
        const oracle = validateDeclarationWithClassValidator(structuredClone(value));
        expect(validateDeclaration(structuredClone(value))).toEqual(oracle);
        // The reader vouches only for valid values, and reads every valid one itself.
        const compiled = reader(structuredClone(value));
        expect(compiled !== UNSURE).toBe(oracle.ok);
        if (oracle.ok) accepted += 1;
        if (oracle.ok && inspectPayload(value).prototypeKeys) withPrototypeKeys += 1;
      }),
      { numRuns: 5_000, seed: 20261125 },
    );
    // The mutations must exercise both sides (valid and invalid), and own prototype keys among the valid.
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(4_500);
    expect(withPrototypeKeys).toBeGreaterThan(20);
  });

  it('refuses to compile decorators it does not model', () => {
    class WithCondition {
      @ValidateIf((object: { kind?: string }) => object.kind === 'A') @IsString() code?: string;
    }
    class Untyped {
      @ValidateNested() child?: WithCondition;
    }
    class Grouped {
      @IsInt({ groups: ['strict'] }) count?: number;
    }
    expect(() => compileReader(WithCondition)).not.toThrow();
    expect(() => compileReader(Untyped)).toThrow('nested validation without @Type');
    expect(() => compileReader(Grouped)).toThrow('validation groups are not compiled');
  });

  it('leaves a value skipped by a condition to class-validator unless it is missing or null', () => {
    class Conditional {
      @IsOptional() @IsString() note?: string;
      @ValidateIf((object: { kind?: string }) => object.kind === 'A') @IsString() code?: string;
      @IsString() kind!: string;
    }
    const read = compileReader<Record<string, unknown>>(Conditional);
    expect(read({ kind: 'B', note: null })).toEqual({ kind: 'B', note: null });
    expect(read({ kind: 'B', code: 42 })).toBe(UNSURE);
    expect(read({ kind: 'A', code: 'x', extra: 1 })).toEqual({ kind: 'A', code: 'x' });
    expect(read({ kind: 'A', code: 42 })).toBe(UNSURE);
  });
});
