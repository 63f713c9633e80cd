import { applicationDependencies } from '#wiring/mailing';
import { config } from '#adapters/config';
import { putMetrics } from '#adapters/metrics';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import { applicationRoutes } from '#routes';
import { applicationChangeSchema, applySchema, linkRequestSchema } from '#model/application';
import { apply, requestLink } from '#usecases/applications/apply';
import { changeOwnApplication, viewOwnApplication } from '#usecases/applications/own';
import { withdrawOwnApplication } from '#usecases/applications/withdraw';

const deps = applicationDependencies();

export const operations = {
  // 202 whether or not the address has applied, and no sooner than the floor: nobody learns who
  // applied. The mail tells the person (a receipt, or a fresh link).
  apply: httpRoute({ body: applySchema, answerNoSoonerThanMs: config.publicFormAnswerMs }, async ({ body, params, now }) => {
    const { created } = await apply(deps, params.programmeId, body, now);
    if (created) putMetrics({ Applications: { value: 1, unit: 'Count' } });
    return { statusCode: 202, body: { accepted: true } };
  }),

  // 202 whatever the address: nobody learns who applied.
  requestLink: httpRoute({ body: linkRequestSchema, answerNoSoonerThanMs: config.publicFormAnswerMs }, async ({ body, params, now }) => {
    await requestLink(deps, params.programmeId, body.email, now);
    return { statusCode: 202, body: { accepted: true } };
  }),

  viewOwn: httpRoute({}, async ({ params, bearer, now }) => ({
    statusCode: 200,
    body: await viewOwnApplication(deps, params.applicationId, bearer, now),
  })),

  changeOwn: httpRoute({ body: applicationChangeSchema }, async ({ params, bearer, body, now }) => ({
    statusCode: 200,
    body: await changeOwnApplication(deps, params.applicationId, bearer, body, now),
  })),

  withdrawOwn: httpRoute({}, async ({ params, bearer, now }) => ({
    statusCode: 200,
    body: await withdrawOwnApplication(deps, params.applicationId, bearer, now),
  })),
} satisfies Operations<typeof applicationRoutes>;

export const handler = groupHandler(applicationRoutes, operations);
