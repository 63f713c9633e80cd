import { progressDependencies } from '#wiring/stores';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { progressRoutes } from '#routes';
import { progressSchema } from '#model/progress';
import { ownProgress, programmeProgress, setOwnProgress, setProgressAsStaff, unitProgress } from '#usecases/progress/progress';

const deps = progressDependencies();

export const operations = {
  setProgress: httpRoute({ body: progressSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await setProgressAsStaff(deps, actor!, params.participantId, params.milestoneId, body.status, now),
  })),

  ownProgress: httpRoute({}, async ({ params, bearer, now }) => ({
    statusCode: 200,
    body: await ownProgress(deps, params.applicationId, bearer, now),
  })),

  setOwnProgress: httpRoute({ body: progressSchema }, async ({ params, bearer, body, now }) => ({
    statusCode: 200,
    body: await setOwnProgress(deps, params.applicationId, bearer, params.milestoneId, body.status, now),
  })),

  programmeProgress: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await programmeProgress(deps, actor!, params.programmeId, now),
  })),

  unitProgress: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await unitProgress(deps, actor!, params.programmeId, params.unitId, now),
  })),
} satisfies Operations<typeof progressRoutes>;

export const handler = groupHandler(progressRoutes, operations);
