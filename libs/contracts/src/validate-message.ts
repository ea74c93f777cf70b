import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { FieldProblem, Rejection } from './dead-letter';
import { inspectPayload, withoutPrototypeKeys, type PayloadShape } from './payload-shape';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

export type ContractCheck<T> = { ok: true; instance: T } | { ok: false; fields: FieldProblem[] };

/**
 * Runs class-transformer and class-validator over a value inspectPayload found no problem in, with
 * whitelisting (unknown fields dropped). It never throws: whatever the libraries cannot handle
 * comes back as a field problem, so no message can stall a partition or answer HTTP 500.
 */
export function checkContract<T extends object>(contract: ClassConstructor<T>, value: object, shape: PayloadShape): ContractCheck<T> {
  if (shape.problems.length > 0) return { ok: false, fields: shape.problems };
  try {
    const instance = plainToInstance(contract, shape.prototypeKeys ? withoutPrototypeKeys(value) : value);
    const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
    return errors.length > 0 ? { ok: false, fields: fieldProblems(errors) } : { ok: true, instance };
  } catch (error) {
    return { ok: false, fields: [{ field: '(value)', problems: [`could not be validated: ${(error as Error).message}`] }] };
  }
}

/** Validates a parsed JSON value against a contract class; unknown fields are dropped. */
export function validateAs<T extends object>(contract: ClassConstructor<T>, value: unknown, what: string): ValidationResult<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, rejection: { code: 'NOT_AN_OBJECT', message: `${what} must be a JSON object`, fields: [] } };
  }
  const checked = checkContract(contract, value, inspectPayload(value));
  if (!checked.ok) {
    return {
      ok: false,
      rejection: {
        code: 'INVALID_MESSAGE',
        message: `${what} failed validation on ${checked.fields.map((f) => f.field).join(', ')}`,
        fields: checked.fields,
      },
    };
  }
  return { ok: true, value: JSON.parse(JSON.stringify(checked.instance)) as T };
}
