import { withProgress } from '#adapters/dependencies';
import { applicationDependencies } from '#adapters/mailing';
import { groupHandler, httpRoute } from '#http/chain';
import { decisionRoutes } from '#routes';
import {
  auditLog,
  decide,
  decisionSchema,
  eraseApplication,
  leaveProgramme,
  listParticipants,
  me,
  overview,
  publishDecisions,
  registerParticipant,
  registrationSchema,
  releaseUnitSeats,
  unitApplications,
} from '#domain/decisions';
import { pageQuery } from '#http/query';

// Erasure removes progress and group membership too.
const deps = withProgress(applicationDependencies());

export const operations = {
  getMe: httpRoute({}, async ({ actor, now }) => ({ statusCode: 200, body: await me(deps, actor!, now) })),

  unitApplications: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await unitApplications(deps, actor!, params.programmeId!, params.unitId!, now),
  })),

  decide: httpRoute({ body: decisionSchema }, async ({ actor, params, body, now }) => ({
    statusCode: 200,
    body: await decide(deps, actor!, params.applicationId!, body, now),
  })),

  overview: httpRoute({}, async ({ params, now }) => ({ statusCode: 200, body: await overview(deps, params.programmeId!, now) })),

  audit: httpRoute({ query: pageQuery }, async ({ params, query }) => {
    const page = await auditLog(deps, params.programmeId!, query.limit, query.cursor);
    return { statusCode: 200, body: { items: page.items, cursor: page.cursor ?? null } };
  }),

  releaseSeats: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await releaseUnitSeats(deps, actor!, params.programmeId!, params.unitId!, now),
  })),

  publishDecisions: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await publishDecisions(deps, actor!, params.programmeId!, now),
  })),

  listParticipants: httpRoute({}, async ({ params }) => ({
    statusCode: 200,
    body: { items: await listParticipants(deps, params.programmeId!) },
  })),

  registerParticipant: httpRoute({ body: registrationSchema }, async ({ actor, params, body, now }) => {
    const participant = await registerParticipant(deps, actor!, params.programmeId!, body, now);
    return { statusCode: 201, body: participant };
  }),

  leave: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await leaveProgramme(deps, actor!, params.participantId!, now),
  })),

  erase: httpRoute({}, async ({ actor, params, now }) => {
    await eraseApplication(deps, actor!, params.applicationId!, now);
    return { statusCode: 204 };
  }),
};

export const handler = groupHandler(decisionRoutes, operations);
