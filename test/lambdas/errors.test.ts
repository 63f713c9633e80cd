import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '#core/errors';
import { statusOfDomainError } from '#http/errors';
import * as sv from '#text/sv';

/** Every factory `#core/errors` exports, and the error it raises. */
function raised() {
  return Object.entries(errors)
    .filter(([name, value]) => typeof value === 'function' && name !== 'DomainError')
    .map(([name, factory]) => ({ name, error: (factory as () => errors.DomainError)() }));
}

describe('the rules\' errors', () => {
  it('carry the Swedish message of their own code, one factory per message', () => {
    // Act
    const all = raised();

    // Assess: each code's message from lambdas/text/sv.ts (the HTTP layer's for the two it shares)
    const messages: Record<string, unknown> = { ...sv, ...sv.httpErrorMessages };
    for (const { name, error } of all) {
      expect(error, name).toBeInstanceOf(errors.DomainError);
      expect(error.userMessage, name).toBe(messages[error.code]);
    }
    const codes = all.map(({ error }) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
    const messageExports = Object.keys(sv).filter((key) => /^[A-Z_]+$/.test(key));
    expect(codes).toEqual(expect.arrayContaining(messageExports));
    expect(codes).toHaveLength(messageExports.length + 2);
  });

  it('answer 404 for what is missing, 400 and 403 for those two, 409 for every other rule', () => {
    // Act
    const statuses = Object.fromEntries(raised().map(({ error }) => [error.code, statusOfDomainError(error.code)]));

    // Assess
    expect(statuses).toMatchObject({
      PROGRAMME_NOT_FOUND: 404,
      TOKEN_NOT_FOUND: 404,
      VALIDATION_FAILED: 400,
      FORBIDDEN: 403,
      NO_SEATS_LEFT: 409,
      PROGRAMME_CHANGED: 409,
      PHASE_OUT_OF_ORDER: 409,
    });
    expect(Object.values(statuses).filter((status) => status === 404)).toHaveLength(8);
  });

  it('keep the fields a rule gives', () => {
    // Act
    const error = errors.unitNotFound({ unitId: 'Enheten finns inte i satsningen.' });

    // Assess
    expect(error).toMatchObject({ code: 'UNIT_NOT_FOUND', fields: { unitId: 'Enheten finns inte i satsningen.' } });
  });
});

describe("the API's Swedish text", () => {
  it('lives in lambdas/text/sv.ts (e-mails in lambdas/messages/): no other module holds a sentence', () => {
    // Prepare: every module of the functions but the text's own, without its comment lines
    const lambdas = join(import.meta.dirname, '..', '..', 'lambdas');
    const modules = readdirSync(lambdas, { recursive: true, encoding: 'utf8' }).filter(
      (path) => path.endsWith('.ts') && !/^(text|messages)\//.test(path),
    );
    // A sentence: a quoted text that begins with a capital letter, has a space and ends with . ! or ?
    const sentence = /(['`"])[A-ZÅÄÖ][^'`"]*\s[^'`"]*[.!?]\1/;
    // Act
    const found = modules.flatMap((path) =>
      readFileSync(join(lambdas, path), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && sentence.test(line))
        .map((line) => `${path}: ${line.trim()}`),
    );
    // Assess
    expect(modules.length).toBeGreaterThan(40);
    expect(found).toEqual([]);
  });
});
