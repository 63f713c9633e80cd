/**
 * The one error shape of the API and the mapping from domain errors to HTTP:
 * `{ "error": { "code", "message", "fields"? } }`, messages in Swedish, never a stack trace.
 */
import type { $ZodIssue } from 'zod/v4/core';
import { DomainError, type DomainErrorCode } from '#core/errors';
import { fieldMessages, httpErrorMessages, type HttpErrorCode } from '#text/sv';

/** An error the HTTP layer answers itself (sign-in, body, content type, validation). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: HttpErrorCode,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: HttpErrorCode | DomainErrorCode; message: string; fields?: Record<string, string> };
}

export interface ErrorReply {
  statusCode: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

function errorShape(code: ErrorBody['error']['code'], message: string, fields?: Record<string, string>): ErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

export function errorBody(code: HttpErrorCode, fields?: Record<string, string>): ErrorBody {
  return errorShape(code, httpErrorMessages[code], fields);
}

/**
 * A rule's status by its code: what is missing (`…_NOT_FOUND`) 404, a failed validation 400,
 * a refused caller 403, and every rule the current state breaks 409. (A code is named for what
 * it means, so the status follows from the name; no table to keep in step, none in every bundle.)
 */
export function statusOfDomainError(code: DomainErrorCode): 400 | 403 | 404 | 409 {
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code === 'VALIDATION_FAILED') return 400;
  if (code === 'FORBIDDEN') return 403;
  return 409;
}

export function toErrorReply(error: unknown): ErrorReply | undefined {
  if (error instanceof HttpError) {
    return { statusCode: error.statusCode, body: errorBody(error.code, error.fields), ...(error.headers ? { headers: error.headers } : {}) };
  }
  if (error instanceof DomainError) {
    return { statusCode: statusOfDomainError(error.code), body: errorShape(error.code, error.userMessage, error.fields) };
  }
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
