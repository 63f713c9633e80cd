import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { healthRoutes } from '#routes';

export const operations = {
  getHealth: httpRoute({}, async () => ({ statusCode: 200, body: { status: 'ok' } })),
} satisfies Operations<typeof healthRoutes>;

export const handler = groupHandler(healthRoutes, operations);
