/**
 * What stands in front of the functions, written once: the security headers, the per-client
 * limits on the public forms, and the header by which the functions know a request came through
 * the edge. CloudFront and WAF apply them in AWS (lib/stack.ts, lib/edgeStack.ts); the local
 * gateway applies the same (local/gateway.ts), so that the tests see what a visitor sees.
 */
import { httpErrorMessages } from '../lambdas/text/sv.ts';

/**
 * The pages' Content-Security-Policy: everything from the site itself, nothing inline, no plugins,
 * no framing, no `<base>`. `signInOrigin` is Cognito's hosted UI, whose token endpoint the sign-in
 * page calls (locally the sign-in is on the site's own origin).
 */
export function contentSecurityPolicy(signInOrigin?: string): string {
  const self = "'self'";
  return [
    `default-src ${self}`,
    `script-src ${self}`,
    `style-src ${self}`,
    `img-src ${self} data:`,
    `connect-src ${[self, signInOrigin].filter(Boolean).join(' ')}`,
    `form-action ${self}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Two years, as the HSTS preload list asks. */
export const strictTransportSecurity = { maxAgeSeconds: 63_072_000, value: 'max-age=63072000; includeSubDomains' };

/** No page needs any of these. */
export const permissionsPolicy = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/** Every page, besides its CSP. */
export const pageHeaders = {
  'strict-transport-security': strictTransportSecurity.value,
  'referrer-policy': 'no-referrer',
  'permissions-policy': permissionsPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/** Every API answer: never cached, never sniffed, never framed, never a document that runs anything. */
export const apiHeaders = {
  'strict-transport-security': strictTransportSecurity.value,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

export { originHeader } from '../lambdas/http/origin.ts';

/**
 * Per-client limits on the public routes that write or mail: WAF rate-based rules in AWS (per IP,
 * over its smallest window, 60 s), the same counts in the local gateway. Schools reach the
 * internet through one address, so the limits are set for a staff room applying on the last
 * evening, not for one person: a school of 60 teachers applying in the same minute stays under.
 * The municipality's own address ranges (`trustedAddressRanges`) pass them.
 */
export const rateLimits = [
  { name: 'applications', method: 'POST', pathSuffix: '/applications', perMinute: 100 },
  { name: 'lost-link', method: 'POST', pathSuffix: '/applications/link', perMinute: 30 },
  { name: 'watchers', method: 'POST', pathSuffix: '/watchers', perMinute: 30 },
] as const;

export const rateWindowSeconds = 60;

/** The limit a request falls under, if any. */
export function rateLimitOf(method: string, path: string): (typeof rateLimits)[number] | undefined {
  return rateLimits.find((limit) => limit.method === method && path.startsWith('/api/programmes/') && path.endsWith(limit.pathSuffix));
}

/** What a client over a limit gets, in the API's error shape: WAF's custom response, and the local gateway's. */
export const tooManyRequests = {
  status: 429,
  body: JSON.stringify({ error: { code: 'TOO_MANY_REQUESTS', message: httpErrorMessages.TOO_MANY_REQUESTS } }),
  retryAfterSeconds: rateWindowSeconds,
};
