import { isStorableText, storableText } from './storable-text';

describe(storableText.name, () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and keeps everything else', () => {
    expect(storableText('a\u0000b\ud800c\udc00d😀')).toBe('a\ufffdb\ufffdc\ufffdd😀');
  });
});

describe(isStorableText.name, () => {
  it('agrees with the definition (no NUL, no surrogate without its partner) on every string of up to four units from a tricky alphabet', () => {
    // The pattern storableText replaces, written out here as the definition.
    const pattern = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
    const definition = new RegExp(pattern);
    const alphabet = ['a', '\u0000', '\ud800', '\udbff', '\udc00', '\udfff', 'é', '\ufffd'];
    let strings = [''];
    let checked = 0;
    for (let length = 0; length <= 4; length += 1) {
      for (const text of strings) {
        expect([text, isStorableText(text)]).toEqual([text, !definition.test(text)]);
        checked += 1;
      }
      strings = strings.flatMap((text) => alphabet.map((unit) => text + unit));
    }
    expect(checked).toBe(1 + 8 + 64 + 512 + 4096);
    expect(isStorableText('déclaration 😀')).toBe(true);
  });
});
