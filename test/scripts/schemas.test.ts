import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedSchemas, renderSchema, schemaDirectory } from '../../scripts/schemas.ts';

describe('the API documentation in docs/api', () => {
  for (const name of Object.keys(documentedSchemas)) {
    it(`matches the zod schema of ${name} (run npm run schemas after changing it)`, () => {
      expect(readFileSync(join(schemaDirectory, `${name}.schema.json`), 'utf8')).toBe(renderSchema(name));
    });
  }

  it('documents the application body with its limits', () => {
    const schema = JSON.parse(renderSchema('application.create'));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'email', 'unitId', 'role', 'certified', 'subjects', 'motivation', 'consent']));
    expect(schema.properties.motivation.maxLength).toBe(4000);
    expect(schema.additionalProperties).toBe(false);
  });
});
