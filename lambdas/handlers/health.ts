import { groupHandler, httpRoute } from '#http/chain';
import { healthRoutes } from '#routes';

export const operations = {
  getHealth: httpRoute({}, async () => ({ statusCode: 200, body: { status: 'ok' } })),
};

export const handler = groupHandler(healthRoutes, operations);
