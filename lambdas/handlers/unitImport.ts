import { programmeAdminDependencies } from '#adapters/mailing';
import { groupHandler, httpRoute } from '#http/chain';
import { unitImportRoutes } from '#routes';
import { unitImportSchema } from '#model/unitImport';
import { importUnits } from '#usecases/programmes/programmes';

const deps = programmeAdminDependencies();

export const operations = {
  importUnits: httpRoute({ body: unitImportSchema }, async ({ body, params, actor, now }) => {
    const result = await importUnits(deps, params.programmeId!, body.csv, body.dryRun, actor!.email, now);
    return {
      statusCode: 200,
      body: { dryRun: result.dryRun, valid: result.valid, rows: result.rows, ...(result.programme ? { units: result.programme.units } : {}) },
    };
  }),
};

export const handler = groupHandler(unitImportRoutes, operations);
