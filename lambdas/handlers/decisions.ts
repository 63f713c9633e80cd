import { decisionDependencies } from '#wiring/mailing';
import { putMetrics } from '#adapters/metrics';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { decisionRoutes } from '#routes';
import { decisionSchema } from '#model/decision';
import { decide } from '#usecases/decisions/decide';
import { me, unitApplications } from '#usecases/decisions/views';

const deps = decisionDependencies();

export const operations = {
  getMe: httpRoute({}, async ({ actor, now }) => ({ statusCode: 200, body: await me(deps, actor!, now) })),

  unitApplications: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await unitApplications(deps, actor!, params.programmeId, params.unitId, now),
  })),

  decide: httpRoute({ body: decisionSchema }, async ({ actor, params, body, now }) => {
    const decided = await decide(deps, actor!, params.applicationId, body, now);
    putMetrics({ Decisions: { value: 1, unit: 'Count' } }, { decision: body.decision });
    return { statusCode: 200, body: decided };
  }),
} satisfies Operations<typeof decisionRoutes>;

export const handler = groupHandler(decisionRoutes, operations);
