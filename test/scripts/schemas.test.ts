import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedSchemas, renderSchema, schemaDirectory } from '../../scripts/schemas.ts';

describe('the API documentation in docs/api', () => {
  for (const name of Object.keys(documentedSchemas)) {
    it(`matches the zod schema of ${name} (run npm run schemas after changing it)`, () => {
      expect(readFileSync(join(schemaDirectory, `${name}.schema.json`), 'utf8')).toBe(renderSchema(name));
    });
  }

  it('documents every request body a handler validates', async () => {
    // Prepare: the schemas the handlers name, and the modules that export them
    const handlers = join(import.meta.dirname, '..', '..', 'lambdas', 'handlers');
    const named = new Set(
      readdirSync(handlers).flatMap((file) => [...readFileSync(join(handlers, file), 'utf8').matchAll(/body: (\w+Schema)\b/g)].map((match) => match[1]!)),
    );
    const modules = await Promise.all(['application', 'participant', 'decision', 'group', 'progress', 'programme', 'unitImport', 'watcher', 'programmeMessage'].map((name) => import(`#model/${name}`)));
    const exported = (name: string) => modules.find((module) => name in module)?.[name];
    // Act
    const documented = new Set(Object.values(documentedSchemas).map((entry) => entry.schema));
    const missing = [...named].filter((name) => !documented.has(exported(name)));
    // Assess
    expect(named.size).toBeGreaterThanOrEqual(14);
    expect(missing).toEqual([]);
  });

  it('documents the application body with its limits', () => {
    const schema = JSON.parse(renderSchema('application.create'));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'email', 'unitId', 'role', 'certified', 'subjects', 'motivation', 'privacyNoticeRead']));
    expect(schema.properties.motivation.maxLength).toBe(4000);
    expect(schema.additionalProperties).toBe(false);
  });
});
