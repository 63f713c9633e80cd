import { watcherDependencies } from '#wiring/mailing';
import { config } from '#adapters/config';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { watcherRoutes } from '#routes';
import { tokenSchema, watchSchema } from '#model/watcher';
import { confirmWatch, unsubscribe, watch } from '#usecases/watchers/watch';

const deps = watcherDependencies();

export const operations = {
  // 202 whatever the address, and no sooner than the floor: nobody learns who watches what.
  watch: httpRoute({ body: watchSchema, answerNoSoonerThanMs: config.publicFormAnswerMs }, async ({ params, body, now }) => {
    await watch(deps, params.programmeId, body.email, now);
    return { statusCode: 202, body: { accepted: true } };
  }),

  confirm: httpRoute({ body: tokenSchema }, async ({ body, now }) => ({
    statusCode: 200,
    body: await confirmWatch(deps, body.token, now),
  })),

  unsubscribe: httpRoute({ body: tokenSchema, oneClick: true }, async ({ body, now }) => ({
    statusCode: 200,
    body: await unsubscribe(deps, body.token, now),
  })),
} satisfies Operations<typeof watcherRoutes>;

export const handler = groupHandler(watcherRoutes, operations);
