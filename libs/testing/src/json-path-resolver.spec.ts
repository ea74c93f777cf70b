import { JSONPath } from 'jsonpath-plus';
import { aDeclaration } from './declaration.builder';
import { reusedJsonPathResolver } from './json-path-resolver';

/** json-rules-engine's own default resolver (almanac.js), as the oracle would otherwise use it. */
const defaultResolver = (value: unknown, path: string): unknown => JSONPath({ path, json: value as object, wrap: false });

describe('reusedJsonPathResolver', () => {
  const resolve = reusedJsonPathResolver();
  const declaration = aDeclaration();
  const values: [string, unknown][] = [
    ['a declaration', declaration],
    ['an item', declaration.items[0]],
    ['an object with falsy members', { zero: 0, empty: '', no: false, nothing: null, list: [] }],
    ['an array', [{ a: 1 }, { a: 2 }]],
    ['a string', 'text'],
    ['zero', 0],
    ['null', null],
  ];
  const paths = [
    '$',
    '$.declarationId',
    '$.items[0].hsCode',
    '$.items[*].hsCode',
    '$.items.length',
    '$.importer.id',
    '$.routing',
    '$.zero',
    '$.empty',
    '$.no',
    '$.nothing',
    '$.list',
    '$.missing',
    '$.missing.deeper',
    '$[0].a',
    '$[*].a',
    '$..a',
    '$.items[?(@.customsValue > 100)].lineNo',
  ];

  it.each(values)('resolves every path in %s as json-rules-engine does by default', (_name, value) => {
    for (const path of paths) {
      expect({ path, value: resolve(value as object, path) }).toEqual({ path, value: defaultResolver(value, path) });
    }
  });

  it('returns scalars unwrapped and several matches as an array', () => {
    expect(resolve({ a: { b: 'x' } }, '$.a.b')).toBe('x');
    expect(resolve([{ a: 1 }, { a: 2 }], '$[*].a')).toEqual([1, 2]);
    expect(resolve({ a: 1 }, '$.b')).toBeUndefined();
  });
});
