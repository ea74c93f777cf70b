import type { FieldProblem } from './dead-letter';

// U+0000, or a UTF-16 surrogate without its partner: PostgreSQL cannot store either in text or jsonb.
const UNSTORABLE_PATTERN = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSTORABLE = new RegExp(UNSTORABLE_PATTERN);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_PATTERN, 'g');

const PROBLEM = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** Fields (and field names) holding text that no database or downstream system can store faithfully. */
export function unstorableTextFields(value: unknown, path = ''): FieldProblem[] {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [{ field: path || '(value)', problems: [PROBLEM] }] : [];
  if (Array.isArray(value)) return value.flatMap((element, index) => unstorableTextFields(element, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, element]) => {
      const field = path ? `${path}.${name}` : name;
      return UNSTORABLE.test(name) ? [{ field: storableText(field), problems: [PROBLEM] }] : unstorableTextFields(element, field);
    });
  }
  return [];
}

/** The text with NUL characters and unpaired surrogates replaced by U+FFFD, safe to store anywhere. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\ufffd');
}
