import { programmeMessageDependencies } from '#wiring/stores';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { programmeMessageRoutes } from '#routes';
import { messageDraftSchema, messageSchema } from '#model/programmeMessage';
import { listMessages, previewMessage, queueMessage } from '#usecases/messages/messages';

const deps = programmeMessageDependencies();

export const operations = {
  listMessages: httpRoute({}, async ({ actor, params }) => ({
    statusCode: 200,
    body: { items: await listMessages(deps, actor!, params.programmeId) },
  })),

  previewMessage: httpRoute({ body: messageDraftSchema }, async ({ actor, params, body }) => ({
    statusCode: 200,
    body: await previewMessage(deps, actor!, params.programmeId, body),
  })),

  // 202: queued; the notification run sends it. The same id again answers 200 with the message as queued.
  queueMessage: httpRoute({ body: messageSchema }, async ({ actor, params, body, now }) => {
    const { queued, message } = await queueMessage(deps, actor!, params.programmeId, body, now);
    return { statusCode: queued ? 202 : 200, body: message };
  }),
} satisfies Operations<typeof programmeMessageRoutes>;

export const handler = groupHandler(programmeMessageRoutes, operations);
