/**
 * The one error shape of the API and the mapping from domain errors to HTTP:
 * `{ "error": { "code", "message", "fields"? } }`, messages in Swedish, never a stack trace.
 */
import type { $ZodIssue } from 'zod/v4/core';
import { DomainError, type DomainErrorCode } from '#domain/errors';
import { errorMessages, fieldMessages, type ErrorCode } from '#text/sv';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

const statusOfDomainError: Record<DomainErrorCode, number> = {
  PROGRAMME_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  PROGRAMME_EXISTS: 409,
  PROGRAMME_CHANGED: 409,
  APPLICATION_WINDOW_NOT_OPEN: 409,
  APPLICATION_WINDOW_CLOSED: 409,
  ALREADY_APPLIED: 409,
  EMAIL_IN_USE: 409,
  APPLICATION_WITHDRAWN: 409,
  UNIT_HAS_APPLICATIONS: 409,
  UNIT_NOT_FOUND: 404,
  PARTICIPANT_NOT_FOUND: 404,
  WINDOW_STILL_OPEN: 409,
  DECISION_DEADLINE_PASSED: 409,
  DECISION_PERIOD_NOT_OVER: 409,
  NO_SEATS_LEFT: 409,
  SEATS_BELOW_APPOINTED: 409,
  CONCURRENT_CHANGE: 409,
  PROGRAMME_STARTED: 409,
  TOKEN_NOT_FOUND: 404,
  MILESTONE_NOT_FOUND: 404,
  PARTICIPANT_LEFT: 409,
  GROUP_NOT_FOUND: 404,
  GROUP_CHANGED: 409,
  ALREADY_IN_GROUP: 409,
  PHASE_OUT_OF_ORDER: 409,
  SUPPRESSION_NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  FORBIDDEN: 403,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

export function errorBody(code: ErrorCode, fields?: Record<string, string>): ErrorBody {
  return { error: { code, message: errorMessages[code], ...(fields ? { fields } : {}) } };
}

export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof DomainError) return new HttpError(statusOfDomainError[error.code], error.code, error.fields);
  return undefined;
}

/** zod issues → `{ "units.0.head.email": "Ange en giltig e-postadress…" }`, first message per field. */
export function fieldsOfIssues(issues: readonly $ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const put = (path: readonly PropertyKey[], message: string) => {
    const key = path.map(String).join('.') || '_';
    fields[key] ??= message;
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) put([...issue.path, key], fieldMessages.unknownField);
    } else {
      put(issue.path, issue.message);
    }
  }
  return fields;
}

export function validationError(issues: readonly $ZodIssue[]): HttpError {
  return new HttpError(400, 'VALIDATION_FAILED', fieldsOfIssues(issues));
}
