import { MAX_NESTING, inspectPayload, withoutPrototypeKeys } from './payload-shape';

describe(inspectPayload.name, () => {
  it('names nested fields and field names that hold unstorable text', () => {
    expect(inspectPayload({ a: { b: ['ok', 'x\u0000'] }, 'k\u0000': 1 }).problems.map((problem) => problem.field)).toEqual([
      'a.b[1]',
      'k\ufffd',
    ]);
  });

  it('names fields under arrays, at the root and within objects, as messages do', () => {
    expect(inspectPayload([['ok', 'x\u0000']]).problems.map((problem) => problem.field)).toEqual(['[0][1]']);
    expect(inspectPayload({ items: [{ hsCode: '\ud800' }] }).problems.map((problem) => problem.field)).toEqual(['items[0].hsCode']);
    expect(inspectPayload('\u0000').problems.map((problem) => problem.field)).toEqual(['(value)']);
  });

  it('finds own prototype keys at any depth and nothing in a plain payload', () => {
    expect(inspectPayload({ a: [{ b: 1 }] }).prototypeKeys).toBe(false);
    expect(inspectPayload(JSON.parse('{"a": [{"__proto__": 1}]}')).prototypeKeys).toBe(true);
    expect(inspectPayload({ a: { constructor: 'x' } }).prototypeKeys).toBe(true);
  });

  it('accepts exactly the allowed nesting and names the first field beyond it', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { n: nest(levels - 1) });
    expect(inspectPayload(nest(MAX_NESTING)).problems).toEqual([]);
    expect(inspectPayload(nest(MAX_NESTING + 1)).problems.map((problem) => problem.field)).toEqual([
      Array.from({ length: MAX_NESTING }, () => 'n').join('.'),
    ]);
  });
});

describe(withoutPrototypeKeys.name, () => {
  it('copies the value without prototype keys and leaves the original untouched', () => {
    const original = JSON.parse('{"a": [{"__proto__": {"x": 1}, "constructor": 2, "keep": 3}], "prototype": 4}') as unknown;
    expect(withoutPrototypeKeys(original)).toEqual({ a: [{ keep: 3 }] });
    expect(Object.keys((original as { a: object[] }).a[0]!)).toEqual(['__proto__', 'constructor', 'keep']);
  });
});
