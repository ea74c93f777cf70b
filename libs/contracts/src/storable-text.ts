// U+0000, or a UTF-16 surrogate without its partner: PostgreSQL cannot store either in text or jsonb.
const UNSTORABLE_PATTERN = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_PATTERN, 'g');

export const UNSTORABLE_PROBLEM = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** Whether PostgreSQL can store the text as it is (the engine's own checks, not the pattern: several times faster). */
export function isStorableText(text: string): boolean {
  // isWellFormed (ES2024, Node 20): false when the text holds a surrogate without its partner.
  return text.isWellFormed() && !text.includes('\u0000');
}

/** The text with NUL characters and unpaired surrogates replaced by U+FFFD, safe to store anywhere. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\ufffd');
}
