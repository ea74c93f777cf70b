import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The JSON Schemas published in docs/contracts, by file name without `.v1.schema.json`. */
export type ContractSchemaName = 'declaration' | 'risk-decision' | 'dead-letter';

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const compiled = new Map<ContractSchemaName, ValidateFunction>();

/** A validator for a published contract schema, for tests that hold the engine to its documentation. */
export function contractSchema(name: ContractSchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const path = join(__dirname, '../../../docs/contracts', `${name}.v1.schema.json`);
    validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
    compiled.set(name, validate);
  }
  return validate;
}
