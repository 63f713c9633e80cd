import { groupHandler, httpRoute } from '#http/chain';

export const operations = {
  getHealth: httpRoute({}, async () => ({ statusCode: 200, body: { status: 'ok' } })),
  getMe: httpRoute({}, async ({ caller }) => ({
    statusCode: 200,
    body: { email: caller?.email, groups: caller?.groups },
  })),
};

export const handler = groupHandler('health', operations);
