/**
 * Errors the programme's rules can raise. Each carries a stable machine code and the Swedish
 * message for the user (lambdas/text/sv.ts); the HTTP layer gives the status (lambdas/http/errors.ts).
 *
 * A rule raises one with the code's factory (`throw programmeNotFound()`), not a code looked up in
 * a table: a function then bundles the messages of the rules it has, and no others.
 */
import * as sv from '#text/sv';

export type DomainErrorCode =
  | 'PROGRAMME_NOT_FOUND'
  | 'PROGRAMME_EXISTS'
  | 'PROGRAMME_CHANGED'
  | 'APPLICATION_NOT_FOUND'
  | 'APPLICATION_WINDOW_NOT_OPEN'
  | 'APPLICATION_WINDOW_CLOSED'
  | 'EMAIL_IN_USE'
  | 'APPLICATION_WITHDRAWN'
  | 'UNIT_HAS_APPLICATIONS'
  | 'UNIT_NOT_FOUND'
  | 'PARTICIPANT_NOT_FOUND'
  | 'WINDOW_STILL_OPEN'
  | 'DECISION_DEADLINE_PASSED'
  | 'DECISION_PERIOD_NOT_OVER'
  | 'NO_SEATS_LEFT'
  | 'SEATS_BELOW_APPOINTED'
  | 'CHANGE_TOO_LARGE'
  | 'CONCURRENT_CHANGE'
  | 'PROGRAMME_STARTED'
  | 'TOKEN_NOT_FOUND'
  | 'MILESTONE_NOT_FOUND'
  | 'PARTICIPANT_LEFT'
  | 'SEAT_GIVEN_BACK'
  | 'TAKING_PART'
  | 'GROUP_NOT_FOUND'
  | 'GROUP_CHANGED'
  | 'ALREADY_IN_GROUP'
  | 'PHASE_OUT_OF_ORDER'
  | 'SUPPRESSION_NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** what the user is told, in Swedish */
    readonly userMessage: string,
    /** per-field messages, for rules that concern one field (e.g. an unknown unit) */
    readonly fields?: Record<string, string>,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

function raise(code: DomainErrorCode, userMessage: string) {
  return (fields?: Record<string, string>) => new DomainError(code, userMessage, fields);
}

export const programmeNotFound = /* @__PURE__ */ raise('PROGRAMME_NOT_FOUND', sv.PROGRAMME_NOT_FOUND);
export const programmeExists = /* @__PURE__ */ raise('PROGRAMME_EXISTS', sv.PROGRAMME_EXISTS);
export const programmeChanged = /* @__PURE__ */ raise('PROGRAMME_CHANGED', sv.PROGRAMME_CHANGED);
export const applicationNotFound = /* @__PURE__ */ raise('APPLICATION_NOT_FOUND', sv.APPLICATION_NOT_FOUND);
export const applicationWindowNotOpen = /* @__PURE__ */ raise('APPLICATION_WINDOW_NOT_OPEN', sv.APPLICATION_WINDOW_NOT_OPEN);
export const applicationWindowClosed = /* @__PURE__ */ raise('APPLICATION_WINDOW_CLOSED', sv.APPLICATION_WINDOW_CLOSED);
export const emailInUse = /* @__PURE__ */ raise('EMAIL_IN_USE', sv.EMAIL_IN_USE);
export const applicationWithdrawn = /* @__PURE__ */ raise('APPLICATION_WITHDRAWN', sv.APPLICATION_WITHDRAWN);
export const unitHasApplications = /* @__PURE__ */ raise('UNIT_HAS_APPLICATIONS', sv.UNIT_HAS_APPLICATIONS);
export const unitNotFound = /* @__PURE__ */ raise('UNIT_NOT_FOUND', sv.UNIT_NOT_FOUND);
export const participantNotFound = /* @__PURE__ */ raise('PARTICIPANT_NOT_FOUND', sv.PARTICIPANT_NOT_FOUND);
export const windowStillOpen = /* @__PURE__ */ raise('WINDOW_STILL_OPEN', sv.WINDOW_STILL_OPEN);
export const decisionDeadlinePassed = /* @__PURE__ */ raise('DECISION_DEADLINE_PASSED', sv.DECISION_DEADLINE_PASSED);
export const decisionPeriodNotOver = /* @__PURE__ */ raise('DECISION_PERIOD_NOT_OVER', sv.DECISION_PERIOD_NOT_OVER);
export const noSeatsLeft = /* @__PURE__ */ raise('NO_SEATS_LEFT', sv.NO_SEATS_LEFT);
export const seatsBelowAppointed = /* @__PURE__ */ raise('SEATS_BELOW_APPOINTED', sv.SEATS_BELOW_APPOINTED);
export const takingPart = /* @__PURE__ */ raise('TAKING_PART', sv.TAKING_PART);
export const seatGivenBack = /* @__PURE__ */ raise('SEAT_GIVEN_BACK', sv.SEAT_GIVEN_BACK);
export const changeTooLarge = /* @__PURE__ */ raise('CHANGE_TOO_LARGE', sv.CHANGE_TOO_LARGE);
export const concurrentChange = /* @__PURE__ */ raise('CONCURRENT_CHANGE', sv.CONCURRENT_CHANGE);
export const programmeStarted = /* @__PURE__ */ raise('PROGRAMME_STARTED', sv.PROGRAMME_STARTED);
export const tokenNotFound = /* @__PURE__ */ raise('TOKEN_NOT_FOUND', sv.TOKEN_NOT_FOUND);
export const milestoneNotFound = /* @__PURE__ */ raise('MILESTONE_NOT_FOUND', sv.MILESTONE_NOT_FOUND);
export const participantLeft = /* @__PURE__ */ raise('PARTICIPANT_LEFT', sv.PARTICIPANT_LEFT);
export const groupNotFound = /* @__PURE__ */ raise('GROUP_NOT_FOUND', sv.GROUP_NOT_FOUND);
export const groupChanged = /* @__PURE__ */ raise('GROUP_CHANGED', sv.GROUP_CHANGED);
export const alreadyInGroup = /* @__PURE__ */ raise('ALREADY_IN_GROUP', sv.ALREADY_IN_GROUP);
export const phaseOutOfOrder = /* @__PURE__ */ raise('PHASE_OUT_OF_ORDER', sv.PHASE_OUT_OF_ORDER);
export const suppressionNotFound = /* @__PURE__ */ raise('SUPPRESSION_NOT_FOUND', sv.SUPPRESSION_NOT_FOUND);
export const validationFailed = /* @__PURE__ */ raise('VALIDATION_FAILED', sv.httpErrorMessages.VALIDATION_FAILED);
export const forbidden = /* @__PURE__ */ raise('FORBIDDEN', sv.httpErrorMessages.FORBIDDEN);
