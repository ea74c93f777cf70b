import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldProblem, Rejection } from './dead-letter';
import { fieldProblems } from './validate-message';
import type { Declaration } from './declaration';
import { DeclarationDto } from './declaration.dto';

/** Largest declaration message accepted, in bytes. */
export const MAX_DECLARATION_BYTES = 256 * 1024;

export type ParseResult = { ok: true; declaration: Declaration } | { ok: false; rejection: Rejection };

function reject(code: Rejection['code'], message: string, fields: FieldProblem[] = []): ParseResult {
  return { ok: false, rejection: { code, message, fields } };
}

/** Validates an already-parsed JSON value against contract v1. */
export function validateDeclaration(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('NOT_AN_OBJECT', 'A declaration must be a JSON object');
  }
  const dto = plainToInstance(DeclarationDto, value);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const fields = fieldProblems(errors);
    return reject('INVALID_DECLARATION', `Declaration failed validation on ${fields.map((f) => f.field).join(', ')}`, fields);
  }
  const declaration = dto as unknown as Declaration;
  declaration.version = dto.version ?? 1;
  return { ok: true, declaration: JSON.parse(JSON.stringify(declaration)) as Declaration };
}

/** Turns a raw Kafka message value into a validated declaration or a rejection with its reason. */
export function parseDeclarationMessage(value: Buffer | null, key: string | null): ParseResult {
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
