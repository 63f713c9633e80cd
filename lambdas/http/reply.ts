/** A route's answer, and the one way every answer is written (JSON, or a raw body, with the security headers). */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface Reply {
  statusCode: number;
  /** serialised as JSON, unless `raw` is given */
  body?: unknown;
  raw?: { contentType: string; text: string };
  headers?: Record<string, string>;
}

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function serialise(reply: Reply): APIGatewayProxyStructuredResultV2 {
  if (reply.raw) {
    return {
      statusCode: reply.statusCode,
      headers: { ...securityHeaders, 'content-type': reply.raw.contentType, ...reply.headers },
      body: reply.raw.text,
    };
  }
  return {
    statusCode: reply.statusCode,
    headers: {
      ...securityHeaders,
      ...(reply.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...reply.headers,
    },
    ...(reply.body === undefined ? {} : { body: JSON.stringify(reply.body) }),
  };
}
