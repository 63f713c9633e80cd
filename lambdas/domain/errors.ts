/**
 * Errors the programme's rules can raise. Each carries a stable machine code; the HTTP layer maps
 * codes to status codes (lambdas/http/errors.ts) and Swedish messages (lambdas/text/sv.ts).
 */
export const domainErrorCodes = [
  'PROGRAMME_NOT_FOUND',
  'PROGRAMME_EXISTS',
  'PROGRAMME_CHANGED',
  'APPLICATION_NOT_FOUND',
  'APPLICATION_WINDOW_NOT_OPEN',
  'APPLICATION_WINDOW_CLOSED',
  'ALREADY_APPLIED',
  'EMAIL_IN_USE',
  'APPLICATION_WITHDRAWN',
  'UNIT_HAS_APPLICATIONS',
  'UNIT_NOT_FOUND',
  'PARTICIPANT_NOT_FOUND',
  'WINDOW_STILL_OPEN',
  'DECISION_DEADLINE_PASSED',
  'DECISION_PERIOD_NOT_OVER',
  'NO_SEATS_LEFT',
  'SEATS_BELOW_APPOINTED',
  'CONCURRENT_CHANGE',
  'PROGRAMME_STARTED',
  'TOKEN_NOT_FOUND',
  'MILESTONE_NOT_FOUND',
  'PARTICIPANT_LEFT',
  'GROUP_NOT_FOUND',
  'GROUP_CHANGED',
  'ALREADY_IN_GROUP',
  'PHASE_OUT_OF_ORDER',
  'SUPPRESSION_NOT_FOUND',
  'VALIDATION_FAILED',
  'FORBIDDEN',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** per-field messages, for rules that concern one field (e.g. an unknown unit) */
    readonly fields?: Record<string, string>,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}
