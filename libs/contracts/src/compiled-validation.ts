import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/** What a compiled reader returns for a value it cannot vouch for: class-validator must judge it. */
export const UNSURE: unique symbol = Symbol('unsure');

export type CompiledReader<T> = (value: unknown) => T | typeof UNSURE;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator keys its metadata by constructor.
type Constructor = Function;
type Check = (value: unknown, args: ValidationArguments) => boolean;

interface PropertyPlan {
  name: string;
  /** IsOptional and ValidateIf conditions: when one is false, no other check applies. */
  conditions: ((object: object, value: unknown) => boolean)[];
  checks: { check: Check; each: boolean; constraints: unknown[] }[];
  /** The class of a nested value (ValidateNested with class-transformer's @Type). */
  nested: Constructor | null;
}

/**
 * Compiles a class-validator DTO into a plain reader, once: the same constraint functions
 * class-validator runs (its own validator instances, with the same arguments), without its
 * per-call metadata lookups, error objects and class-transformer instances. A value the reader
 * accepts comes back as class-validator would leave it with `whitelist` (unknown properties
 * stripped) after a JSON round trip. Anything it does not fully understand, including every
 * invalid value, it answers UNSURE, so the caller falls back to class-validator, which stays
 * the judge and writes the rejection. Decorators it does not know make compilation fail.
 */
export function compileReader<T>(target: Constructor): CompiledReader<T> {
  const read = readerFor(target, new Map());
  return (value) => read(value) as T | typeof UNSURE;
}

function readerFor(target: Constructor, compiled: Map<Constructor, (value: unknown) => unknown>): (value: unknown) => unknown {
  const known = compiled.get(target);
  if (known) return known;
  const plans: PropertyPlan[] = [];
  const targetName = target.name;
  const reader = (value: unknown): unknown => readObject(value, targetName, plans, compiled);
  compiled.set(target, reader);
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false);
  if (metadatas.length === 0) throw new Error(`${target.name} has no validation metadata`);
  for (const [name, properties] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const plan: PropertyPlan = { name, conditions: [], checks: [], nested: null };
    for (const metadata of properties) {
      if (metadata.groups?.length || metadata.always !== undefined)
        throw new Error(`${target.name}.${name}: validation groups are not compiled`);
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          plan.conditions.push(metadata.constraints[0] as PropertyPlan['conditions'][number]);
          break;
        case ValidationTypes.CUSTOM_VALIDATION:
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) throw new Error(`${target.name}.${name}: asynchronous constraint ${constraint.name}`);
            const instance = constraint.instance as { validate: Check };
            plan.checks.push({ check: instance.validate.bind(instance), each: metadata.each, constraints: metadata.constraints });
          }
          break;
        case ValidationTypes.NESTED_VALIDATION: {
          const type = defaultMetadataStorage.findTypeMetadata(target, name);
          if (!type) throw new Error(`${target.name}.${name}: nested validation without @Type`);
          plan.nested = type.typeFunction();
          break;
        }
        case ValidationTypes.WHITELIST:
          break;
        default:
          throw new Error(`${target.name}.${name}: ${metadata.type} validation is not compiled`);
      }
    }
    plans.push(plan);
  }
  for (const plan of plans) if (plan.nested) readerFor(plan.nested, compiled);
  return reader;
}

function readObject(
  value: unknown,
  targetName: string,
  plans: PropertyPlan[],
  compiled: Map<Constructor, (value: unknown) => unknown>,
): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return UNSURE;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // One arguments object for the whole object, as class-validator's constraints only read it
  // during their call; plain loops, so a declaration's properties allocate no closures.
  const args: ValidationArguments = { targetName, property: '', object, value: undefined, constraints: [] };
  for (const plan of plans) {
    const property = object[plan.name];
    if (!allHold(plan.conditions, object, property)) {
      // IsOptional skipped a missing value; null stays, as it does in class-validator's output.
      if (property === null) out[plan.name] = null;
      else if (property !== undefined) return UNSURE;
      continue;
    }
    args.property = plan.name;
    args.value = property;
    for (const { check, each, constraints } of plan.checks) {
      args.constraints = constraints;
      const valid = each && Array.isArray(property) ? everyElementPasses(property, check, args) : check(property, args);
      if (!valid) return UNSURE;
    }
    if (property === undefined) continue;
    const copied = plan.nested ? readNested(property, compiled.get(plan.nested)!) : copyPlain(property);
    if (copied === UNSURE) return UNSURE;
    out[plan.name] = copied;
  }
  return out;
}

function allHold(conditions: PropertyPlan['conditions'], object: object, property: unknown): boolean {
  for (const condition of conditions) if (!condition(object, property)) return false;
  return true;
}

function everyElementPasses(elements: unknown[], check: Check, args: ValidationArguments): boolean {
  for (const element of elements) if (!check(element, args)) return false;
  return true;
}

function readNested(value: unknown, read: (value: unknown) => unknown): unknown {
  if (!Array.isArray(value)) return read(value);
  const out: unknown[] = [];
  for (const element of value) {
    const copied = read(element);
    if (copied === UNSURE) return UNSURE;
    out.push(copied);
  }
  return out;
}

/** A JSON primitive, or an array of them, as a JSON round trip leaves it; anything else is UNSURE. */
function copyPlain(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : UNSURE;
  if (!Array.isArray(value)) return UNSURE;
  const out: unknown[] = [];
  for (const element of value) {
    if (Array.isArray(element)) return UNSURE;
    const copied = copyPlain(element);
    if (copied === UNSURE) return UNSURE;
    out.push(copied);
  }
  return out;
}
