import { groupDependencies } from '#wiring/stores';
import { groupHandler, httpRoute, type Operations, parsePath } from '#http/chain';
import { learningGroupRoutes } from '#routes';
import { groupSchema, groupUpdateSchema, phaseNoteSchema, phasePathSchema } from '#model/group';
import { createGroup, deleteGroup, getGroup, listGroups, notePhase, updateGroup } from '#usecases/groups/groups';

const deps = groupDependencies();

export const operations = {
  listGroups: httpRoute({}, async ({ actor, params }) => ({
    statusCode: 200,
    body: { items: await listGroups(deps, actor!, params.programmeId) },
  })),

  createGroup: httpRoute({ body: groupSchema }, async ({ actor, params, body, now }) => {
    const group = await createGroup(deps, actor!, params.programmeId, body, now);
    return { statusCode: 201, body: group, headers: { location: `/api/programmes/${params.programmeId}/groups/${group.id}` } };
  }),

  getGroup: httpRoute({}, async ({ actor, params }) => ({
    statusCode: 200,
    body: await getGroup(deps, actor!, params.programmeId, params.groupId),
  })),

  updateGroup: httpRoute({ body: groupUpdateSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await updateGroup(deps, actor!, params.programmeId, params.groupId, body, now),
  })),

  deleteGroup: httpRoute({}, async ({ actor, params, now }) => {
    await deleteGroup(deps, actor!, params.programmeId, params.groupId, now);
    return { statusCode: 204 };
  }),

  notePhase: httpRoute({ body: phaseNoteSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await notePhase(deps, actor!, params.programmeId, params.groupId, parsePath(phasePathSchema, params), body, now),
  })),
} satisfies Operations<typeof learningGroupRoutes>;

export const handler = groupHandler(learningGroupRoutes, operations);
