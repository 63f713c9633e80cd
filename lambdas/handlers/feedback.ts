/**
 * SES's bounces and complaints, delivered by SNS, and the administrators' suppression list. SNS
 * invokes with `Records`; API Gateway with a route key. A failure throws, so SNS retries and then
 * the dead-letter queue keeps the message and raises the alarm.
 */
import type { APIGatewayProxyStructuredResultV2, Context, SNSEvent } from 'aws-lambda';
import { suppressionDependencies } from '#wiring/mailing';
import { log } from '#adapters/log';
import { groupHandler, httpRoute, type Operations } from '#http/chain';
import type { HttpEvent } from '#http/middlewares';
import { feedbackRoutes } from '#routes';
import { pageQuery } from '#http/query';
import { liftSuppression, listSuppressions, recordFeedback } from '#usecases/suppression/suppression';

const deps = suppressionDependencies();

export const operations = {
  listSuppressions: httpRoute({ query: pageQuery }, async ({ actor, query }) => {
    const page = await listSuppressions(deps, actor!, query.limit, query.cursor);
    return { statusCode: 200, body: { items: page.items, cursor: page.cursor ?? null } };
  }),

  liftSuppression: httpRoute({}, async ({ actor, params }) => {
    await liftSuppression(deps, actor!, params.emailHash);
    return { statusCode: 204 };
  }),
} satisfies Operations<typeof feedbackRoutes>;

const http = groupHandler(feedbackRoutes, operations);

async function fromSns(event: SNSEvent): Promise<{ suppressed: number }> {
  let suppressed = 0;
  for (const record of event.Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      log.warn('feedback message is not JSON', { messageId: record.Sns.MessageId });
      continue;
    }
    suppressed += await recordFeedback(deps, message, new Date(record.Sns.Timestamp));
  }
  // Counts only: the addresses are personal data.
  log.info('mail feedback', { records: event.Records.length, suppressed });
  return { suppressed };
}

export async function handler(event: HttpEvent | SNSEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2 | { suppressed: number }> {
  if ('Records' in event) return fromSns(event);
  return http(event, context);
}
