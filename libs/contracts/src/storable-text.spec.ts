import { storableText, unstorableTextFields } from './storable-text';

describe(storableText.name, () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and keeps everything else', () => {
    expect(storableText('a\u0000b\ud800c\udc00d😀')).toBe('a\ufffdb\ufffdc\ufffdd😀');
  });
});

describe(unstorableTextFields.name, () => {
  it('names nested fields and field names that hold unstorable text', () => {
    expect(unstorableTextFields({ a: { b: ['ok', 'x\u0000'] }, 'k\u0000': 1 }).map((problem) => problem.field)).toEqual([
      'a.b[1]',
      'k\ufffd',
    ]);
  });
});
