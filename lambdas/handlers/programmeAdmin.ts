import { programmeAdminDependencies } from '#wiring/mailing';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { programmeAdminRoutes } from '#routes';
import { adminView, programmeSchema, programmeUpdateSchema } from '#model/programme';
import { createProgramme, getProgramme, updateProgramme } from '#usecases/programmes/programmes';
import { nextRound, nextRoundQuery } from '#model/nextRound';

const deps = programmeAdminDependencies();

export const operations = {
  createProgramme: httpRoute({ body: programmeSchema }, async ({ body, actor, now }) => {
    const programme = await createProgramme(deps, body, actor!.email, now);
    return { statusCode: 201, body: adminView(programme, now), headers: { location: `/api/programmes/${programme.id}` } };
  }),

  updateProgramme: httpRoute({ body: programmeUpdateSchema }, async ({ body, params, actor, now }) => ({
    statusCode: 200,
    body: adminView(await updateProgramme(deps, params.programmeId, body, actor!.email, now), now),
  })),

  nextRound: httpRoute({ query: nextRoundQuery }, async ({ params, query }) => ({
    statusCode: 200,
    body: nextRound(await getProgramme(deps, params.programmeId), query.weeks),
  })),

  getProgramme: httpRoute({}, async ({ params, now }) => ({
    statusCode: 200,
    body: adminView(await getProgramme(deps, params.programmeId), now),
  })),
} satisfies Operations<typeof programmeAdminRoutes>;

export const handler = groupHandler(programmeAdminRoutes, operations);
