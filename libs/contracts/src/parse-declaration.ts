import type { FieldProblem, Rejection } from './dead-letter';
import { UNSURE, compileReader, type CompiledReader } from './compiled-validation';
import { inspectPayload } from './payload-shape';
import { checkContract } from './validate-message';
import type { Declaration } from './declaration';
import { DeclarationDto } from './declaration.dto';

/** Largest declaration message accepted, in bytes. */
export const MAX_DECLARATION_BYTES = 256 * 1024;

/** The declaration contract version this engine reads (header `schema-version` or field `schemaVersion`). */
export const DECLARATION_SCHEMA_VERSION = '1';

export type ParseResult = { ok: true; declaration: Declaration } | { ok: false; rejection: Rejection };

function reject(code: Rejection['code'], message: string, fields: FieldProblem[] = []): ParseResult {
  return { ok: false, rejection: { code, message, fields } };
}

let compiledDeclarationReader: CompiledReader<Declaration> | null = null;

/** Validates an already-parsed JSON value against contract v1. */
export function validateDeclaration(value: unknown): ParseResult {
  return validate(value, true);
}

/**
 * Validates with class-validator alone, never the compiled reader: the oracle that the compiled
 * reader is tested against.
 */
export function validateDeclarationWithClassValidator(value: unknown): ParseResult {
  return validate(value, false);
}

function validate(value: unknown, compiled: boolean): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('NOT_AN_OBJECT', 'A declaration must be a JSON object');
  }
  const schemaVersion = (value as { schemaVersion?: unknown }).schemaVersion;
  if (
    schemaVersion !== undefined &&
    JSON.stringify(schemaVersion) !== DECLARATION_SCHEMA_VERSION &&
    schemaVersion !== DECLARATION_SCHEMA_VERSION
  ) {
    return unsupportedSchema(schemaVersion);
  }
  const shape = inspectPayload(value);
  if (compiled && shape.problems.length === 0) {
    compiledDeclarationReader ??= compileReader<Declaration>(DeclarationDto);
    const declaration = compiledDeclarationReader(value);
    if (declaration !== UNSURE) {
      declaration.version ??= 1;
      return { ok: true, declaration };
    }
  }
  const checked = checkContract(DeclarationDto, value, shape);
  if (!checked.ok) {
    return reject(
      'INVALID_DECLARATION',
      `Declaration failed validation on ${checked.fields.map((f) => f.field).join(', ')}`,
      checked.fields,
    );
  }
  const declaration = checked.instance as unknown as Declaration;
  declaration.version = checked.instance.version ?? 1;
  return { ok: true, declaration: JSON.parse(JSON.stringify(declaration)) as Declaration };
}

function unsupportedSchema(version: unknown): ParseResult {
  return reject(
    'UNSUPPORTED_SCHEMA_VERSION',
    `Schema version ${JSON.stringify(version)} is not supported; this engine reads declaration schema version ${DECLARATION_SCHEMA_VERSION}`,
  );
}

/**
 * Turns a raw Kafka message value into a validated declaration or a rejection with its reason.
 * `schemaVersion` is the message's `schema-version` header, when it has one.
 */
export function parseDeclarationMessage(value: Buffer | null, key: string | null, schemaVersion: string | null = null): ParseResult {
  if (schemaVersion !== null && schemaVersion !== DECLARATION_SCHEMA_VERSION) return unsupportedSchema(schemaVersion);
  if (value === null || value.length === 0) return reject('MALFORMED_JSON', 'The message has no value');
  if (value.length > MAX_DECLARATION_BYTES) {
    return reject('PAYLOAD_TOO_LARGE', `The message is ${value.length} bytes; the limit is ${MAX_DECLARATION_BYTES}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return reject('MALFORMED_JSON', `The message is not valid JSON: ${(error as Error).message}`);
  }
  const result = validateDeclaration(parsed);
  if (result.ok && key !== null && key !== result.declaration.declarationId) {
    return reject('KEY_MISMATCH', `The message key "${key}" differs from declarationId "${result.declaration.declarationId}"`, [
      { field: 'declarationId', problems: ['must equal the message key'] },
    ]);
  }
  return result;
}
