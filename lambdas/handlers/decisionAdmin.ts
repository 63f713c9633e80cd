import { decisionAdminDependencies } from '#wiring/mailing';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { decisionAdminRoutes } from '#routes';
import { adminApplicationView } from '#model/application';
import { publishDecisions, releaseUnitSeats } from '#usecases/decisions/publish';
import { auditLog, listApplications, overview } from '#usecases/decisions/views';
import { pageQuery } from '#http/query';

const deps = decisionAdminDependencies();

export const operations = {
  listApplications: httpRoute({ query: pageQuery }, async ({ params, query }) => {
    const page = await listApplications(deps, params.programmeId, query.limit, query.cursor);
    return { statusCode: 200, body: { items: page.items.map(adminApplicationView), cursor: page.cursor ?? null } };
  }),

  overview: httpRoute({}, async ({ params, now }) => ({ statusCode: 200, body: await overview(deps, params.programmeId, now) })),

  audit: httpRoute({ query: pageQuery }, async ({ params, query }) => {
    const page = await auditLog(deps, params.programmeId, query.limit, query.cursor);
    return { statusCode: 200, body: { items: page.items, cursor: page.cursor ?? null } };
  }),

  releaseSeats: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await releaseUnitSeats(deps, actor!, params.programmeId, params.unitId, now),
  })),

  publishDecisions: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await publishDecisions(deps, actor!, params.programmeId, now),
  })),
} satisfies Operations<typeof decisionAdminRoutes>;

export const handler = groupHandler(decisionAdminRoutes, operations);
