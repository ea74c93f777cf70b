import type { FieldProblem } from './dead-letter';
import { UNSTORABLE_PROBLEM, isStorableText, storableText } from './storable-text';

/** How deep a message may nest objects and arrays; contract v1 needs four levels. */
export const MAX_NESTING = 16;

/** Own keys that class-transformer reads as an object's prototype or class: never part of a contract. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What one walk over a parsed message finds before any contract check runs. */
export interface PayloadShape {
  /**
   * Why the message cannot be checked or stored: the first field nested deeper than MAX_NESTING,
   * or else every text (value or field name) that PostgreSQL cannot store. Empty when neither.
   */
  problems: FieldProblem[];
  /** Whether some object has an own `__proto__`, `constructor` or `prototype` key. */
  prototypeKeys: boolean;
}

interface Walk {
  unstorable: FieldProblem[];
  tooDeep: FieldProblem | null;
  prototypeKeys: boolean;
}

export function inspectPayload(value: unknown): PayloadShape {
  const found: Walk = { unstorable: [], tooDeep: null, prototypeKeys: false };
  walk(value, [], found);
  return { problems: found.tooDeep ? [found.tooDeep] : found.unstorable, prototypeKeys: found.prototypeKeys };
}

/** A field's path as messages name it ("items[0].hsCode"), built only for a field with a problem. */
function fieldPath(path: readonly (string | number)[]): string {
  let field = '';
  for (const segment of path) field += typeof segment === 'number' ? `[${segment}]` : field ? `.${segment}` : segment;
  return storableText(field || '(value)');
}

/** Walks the value depth first; `path` is the field being visited, its segments pushed and popped on the way. */
function walk(value: unknown, path: (string | number)[], shape: Walk): void {
  if (typeof value === 'string') {
    if (!isStorableText(value)) shape.unstorable.push({ field: fieldPath(path), problems: [UNSTORABLE_PROBLEM] });
    return;
  }
  if (typeof value !== 'object' || value === null || shape.tooDeep) return;
  if (path.length >= MAX_NESTING) {
    shape.tooDeep = { field: fieldPath(path), problems: [`must not nest objects or arrays more than ${MAX_NESTING} levels deep`] };
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      path.push(index);
      walk(value[index], path, shape);
      path.pop();
    }
    return;
  }
  for (const name of Object.keys(value)) {
    path.push(name);
    if (PROTOTYPE_KEYS.has(name)) shape.prototypeKeys = true;
    if (!isStorableText(name)) shape.unstorable.push({ field: fieldPath(path), problems: [UNSTORABLE_PROBLEM] });
    else walk((value as Record<string, unknown>)[name], path, shape);
    path.pop();
  }
}

/**
 * A copy without own `__proto__`, `constructor` and `prototype` keys, which no contract has and
 * which class-transformer would otherwise follow (and throw on). Unknown fields are dropped
 * anyway, so this changes no verdict. Call only after inspectPayload found the nesting bounded.
 */
export function withoutPrototypeKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(withoutPrototypeKeys);
  const copy: Record<string, unknown> = {};
  for (const [name, element] of Object.entries(value)) if (!PROTOTYPE_KEYS.has(name)) copy[name] = withoutPrototypeKeys(element);
  return copy;
}
