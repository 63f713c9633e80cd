import { programmeAdminDependencies } from '#wiring/mailing';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { unitImportRoutes } from '#routes';
import { unitImportSchema } from '#model/unitImport';
import { importUnits } from '#usecases/programmes/programmes';

const deps = programmeAdminDependencies();

export const operations = {
  importUnits: httpRoute({ body: unitImportSchema }, async ({ body, params, actor, now }) => {
    const result = await importUnits(deps, params.programmeId, body.csv, body.dryRun, actor!.email, now);
    return {
      statusCode: 200,
      body: { dryRun: result.dryRun, valid: result.valid, rows: result.rows, ...(result.programme ? { units: result.programme.units } : {}) },
    };
  }),
} satisfies Operations<typeof unitImportRoutes>;

export const handler = groupHandler(unitImportRoutes, operations);
