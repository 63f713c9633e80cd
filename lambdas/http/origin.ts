/**
 * The header CloudFront adds to every request it sends the API, with a secret generated at deploy
 * (Secrets Manager); the local gateway adds it the same way. The chain refuses a request without
 * it: the API's own execute-api address is public, and a request sent there directly would pass
 * no WAF rule.
 */
export const originHeader = 'x-satsning-origin';
