/**
 * What CloudFront and WAF do in front of the API, done locally from the same settings (lib/edge.ts):
 * the per-client limits on the public forms, the origin header with its secret, and the security
 * headers on every answer.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { apiHeaders, contentSecurityPolicy, originHeader, pageHeaders, rateLimitOf, rateWindowSeconds, tooManyRequests } from '../lib/edge.ts';

export interface LocalEdge {
  /** the secret the functions expect in the origin header (ORIGIN_SECRET) */
  originSecret: string;
  /** what CloudFront adds to a request for the API */
  originHeaders: Record<string, string>;
  /** the 429 answer when the client is over a limit on this request; undefined when it is not */
  overLimit(request: IncomingMessage, path: string): { status: number; body: string; headers: Record<string, string> } | undefined;
  pageHeaders: Record<string, string>;
  apiHeaders: Record<string, string>;
}

export function createLocalEdge(options: { clientLimits: boolean }): LocalEdge {
  const originSecret = randomBytes(32).toString('base64url');
  // Per client and limit, the instants of its requests in the window (WAF counts on the real clock).
  const seen = new Map<string, number[]>();
  return {
    originSecret,
    originHeaders: { [originHeader]: originSecret },
    overLimit(request, path) {
      const limit = options.clientLimits ? rateLimitOf(request.method ?? 'GET', path) : undefined;
      if (!limit) return undefined;
      const key = `${request.socket.remoteAddress}#${limit.name}`;
      const since = Date.now() - rateWindowSeconds * 1000;
      const recent = (seen.get(key) ?? []).filter((at) => at > since);
      if (recent.length >= limit.perMinute) {
        seen.set(key, recent);
        return {
          status: tooManyRequests.status,
          body: tooManyRequests.body,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(tooManyRequests.retryAfterSeconds), ...apiHeaders },
        };
      }
      seen.set(key, [...recent, Date.now()]);
      return undefined;
    },
    pageHeaders: { ...pageHeaders, 'content-security-policy': contentSecurityPolicy() },
    apiHeaders: { ...apiHeaders },
  };
}
