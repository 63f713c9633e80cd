import { applicationDependencies } from '#adapters/mailing';
import { groupHandler, httpRoute } from '#http/chain';
import { programmeRoutes } from '#routes';
import { programmeCalendar } from '#domain/calendar';
import { sitePaths } from '#site';
import { adminView, programmeSchema, programmeUpdateSchema } from '#domain/programme';
import {
  createProgramme,
  getProgramme,
  getPublicProgramme,
  importUnits,
  listProgrammes,
  unitImportSchema,
  updateProgramme,
} from '#domain/programmes';

const deps = applicationDependencies();

export const operations = {
  listProgrammes: httpRoute({}, async ({ now }) => ({
    statusCode: 200,
    body: { items: await listProgrammes(deps, now) },
  })),

  getProgramme: httpRoute({}, async ({ params, now }) => ({
    statusCode: 200,
    body: await getPublicProgramme(deps, params.programmeId!, now),
  })),

  createProgramme: httpRoute({ body: programmeSchema }, async ({ body, actor, now }) => {
    const programme = await createProgramme(deps, body, actor!.email, now);
    return { statusCode: 201, body: adminView(programme, now), headers: { location: `/api/programmes/${programme.id}` } };
  }),

  updateProgramme: httpRoute({ body: programmeUpdateSchema }, async ({ body, params, actor, now }) => ({
    statusCode: 200,
    body: adminView(await updateProgramme(deps, params.programmeId!, body, actor!.email, now), now),
  })),

  calendar: httpRoute({}, async ({ params }) => {
    const programme = await getProgramme(deps, params.programmeId!);
    return {
      statusCode: 200,
      raw: { contentType: 'text/calendar; charset=utf-8', text: programmeCalendar(programme, `${deps.siteUrl}${sitePaths.programme(programme.id)}`) },
      headers: { 'content-disposition': `inline; filename="${programme.id}.ics"`, 'cache-control': 'public, max-age=300' },
    };
  }),

  importUnits: httpRoute({ body: unitImportSchema }, async ({ body, params, actor, now }) => {
    const result = await importUnits(deps, params.programmeId!, body.csv, body.dryRun, actor!.email, now);
    return {
      statusCode: 200,
      body: { dryRun: result.dryRun, valid: result.valid, rows: result.rows, ...(result.programme ? { units: result.programme.units } : {}) },
    };
  }),
};

export const handler = groupHandler(programmeRoutes, operations);
