import { groupHandler, httpRoute } from '#http/chain';

export const operations = {
  getHealth: httpRoute({}, async () => ({ statusCode: 200, body: { status: 'ok' } })),
};

export const handler = groupHandler('health', operations);
