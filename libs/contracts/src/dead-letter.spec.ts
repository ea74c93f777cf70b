import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REJECTION_CODES, versionConflict } from './dead-letter';

describe('dead-letter contract', () => {
  it('publishes in its JSON Schema exactly the rejection codes the engine writes', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../docs/contracts/dead-letter.v1.schema.json'), 'utf8')) as {
      properties: { reason: { properties: { code: { enum: string[] } } } };
    };
    expect(schema.properties.reason.properties.code.enum).toEqual([...REJECTION_CODES]);
  });

  it('names the first decision and the next version in a version conflict', () => {
    expect(versionConflict('BE-2026-000123', 2, 'c16e298b-900d-5d95-b630-0cc79a5d6a62')).toEqual({
      code: 'VERSION_CONFLICT',
      message:
        'Declaration BE-2026-000123 version 2 was decided before (decision c16e298b-900d-5d95-b630-0cc79a5d6a62) with other content; ' +
        'send an amendment as version 3 or higher',
      fields: [{ field: 'version', problems: ['version 2 was decided before with other content'] }],
    });
  });
});
