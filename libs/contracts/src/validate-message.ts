import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { FieldProblem, Rejection } from './dead-letter';
import { unstorableTextFields } from './storable-text';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Validates a parsed JSON value against a contract class; unknown fields are dropped. */
export function validateAs<T extends object>(contract: ClassConstructor<T>, value: unknown, what: string): ValidationResult<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, rejection: { code: 'NOT_AN_OBJECT', message: `${what} must be a JSON object`, fields: [] } };
  }
  const unstorable = unstorableTextFields(value);
  if (unstorable.length > 0) {
    return {
      ok: false,
      rejection: {
        code: 'INVALID_MESSAGE',
        message: `${what} failed validation on ${unstorable.map((f) => f.field).join(', ')}`,
        fields: unstorable,
      },
    };
  }
  const instance = plainToInstance(contract, value);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const fields = fieldProblems(errors);
    return {
      ok: false,
      rejection: { code: 'INVALID_MESSAGE', message: `${what} failed validation on ${fields.map((f) => f.field).join(', ')}`, fields },
    };
  }
  return { ok: true, value: JSON.parse(JSON.stringify(instance)) as T };
}
