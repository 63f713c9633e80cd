import { participantDependencies } from '#wiring/mailing';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { participantRoutes } from '#routes';
import { registrationSchema } from '#model/participant';
import { listParticipants } from '#usecases/decisions/views';
import { eraseApplication } from '#usecases/participants/erase';
import { leaveProgramme, rejoinProgramme } from '#usecases/participants/lifecycle';
import { registerParticipant } from '#usecases/participants/register';

// Erasure removes progress and group membership too.
const deps = participantDependencies();

export const operations = {
  listParticipants: httpRoute({}, async ({ params }) => ({
    statusCode: 200,
    body: { items: await listParticipants(deps, params.programmeId) },
  })),

  registerParticipant: httpRoute({ body: registrationSchema }, async ({ actor, params, body, now }) => {
    const participant = await registerParticipant(deps, actor!, params.programmeId, body, now);
    return { statusCode: 201, body: participant };
  }),

  leave: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await leaveProgramme(deps, actor!, params.participantId, now),
  })),

  rejoin: httpRoute({}, async ({ actor, params, now }) => ({
    statusCode: 200,
    body: await rejoinProgramme(deps, actor!, params.participantId, now),
  })),

  erase: httpRoute({}, async ({ actor, params, now }) => {
    await eraseApplication(deps, actor!, params.applicationId, now);
    return { statusCode: 204 };
  }),
} satisfies Operations<typeof participantRoutes>;

export const handler = groupHandler(participantRoutes, operations);
