import { storeDependencies, withProgress } from '#adapters/dependencies';
import { groupHandler, httpRoute, parsePath } from '#http/chain';
import { progressRoutes } from '#routes';
import {
  createGroup,
  deleteGroup,
  getGroup,
  groupSchema,
  groupUpdateSchema,
  listGroups,
  notePhase,
  phaseNoteSchema,
  phasePathSchema,
  updateGroup,
} from '#domain/groups';
import { ownProgress, programmeProgress, progressSchema, setOwnProgress, setProgressAsStaff, unitProgress } from '#domain/progress';

const deps = withProgress(storeDependencies());

export const operations = {
  setProgress: httpRoute({ body: progressSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await setProgressAsStaff(deps, actor!, params.participantId!, params.milestoneId!, body.status, now),
  })),

  ownProgress: httpRoute({}, async ({ params, bearer, now }) => ({
    statusCode: 200,
    body: await ownProgress(deps, params.applicationId!, bearer, now),
  })),

  setOwnProgress: httpRoute({ body: progressSchema }, async ({ params, bearer, body, now }) => ({
    statusCode: 200,
    body: await setOwnProgress(deps, params.applicationId!, bearer, params.milestoneId!, body.status, now),
  })),

  programmeProgress: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await programmeProgress(deps, actor!, params.programmeId!, now),
  })),

  unitProgress: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await unitProgress(deps, actor!, params.programmeId!, params.unitId!, now),
  })),

  listGroups: httpRoute({}, async ({ actor, params }) => ({
    statusCode: 200,
    body: { items: await listGroups(deps, actor!, params.programmeId!) },
  })),

  createGroup: httpRoute({ body: groupSchema }, async ({ actor, params, body, now }) => {
    const group = await createGroup(deps, actor!, params.programmeId!, body, now);
    return { statusCode: 201, body: group, headers: { location: `/api/programmes/${params.programmeId}/groups/${group.id}` } };
  }),

  getGroup: httpRoute({}, async ({ actor, params }) => ({
    statusCode: 200,
    body: await getGroup(deps, actor!, params.programmeId!, params.groupId!),
  })),

  updateGroup: httpRoute({ body: groupUpdateSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await updateGroup(deps, actor!, params.programmeId!, params.groupId!, body, now),
  })),

  deleteGroup: httpRoute({}, async ({ actor, params, now }) => {
    await deleteGroup(deps, actor!, params.programmeId!, params.groupId!, now);
    return { statusCode: 204 };
  }),

  notePhase: httpRoute({ body: phaseNoteSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await notePhase(deps, actor!, params.programmeId!, params.groupId!, parsePath(phasePathSchema, params), body, now),
  })),
};

export const handler = groupHandler(progressRoutes, operations);
