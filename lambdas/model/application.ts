/**
 * An application: the applicant's answers, its private link (only the secret's hash is kept), its
 * status and decision, what the applicant sees of it, and the stores that keep applications.
 */
import * as z from 'zod/mini';
import { applicationWindowClosed, applicationWindowNotOpen, validationFailed } from '#core/errors';
import type { Decision } from '#model/decision';
import { type Programme, decisionsPublished, emailAddress, programmeDates, programmeStart, windowStatus } from '#model/programme';
import { privacyNoticeRequired, unitNotInProgramme } from '#text/sv';
import { createHash, timingSafeEqual } from 'node:crypto';

export const roles = ['lärare', 'förskollärare'] as const;

/** The applicant's answers: a function, so that they are built with the schema that uses them. */
export const answerFields = () => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: emailAddress(),
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  role: z.enum(roles),
  certified: z.boolean(),
  subjects: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  motivation: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
});

export const applySchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    ...answerFields(),
    privacyNoticeRead: z.literal(true, { error: privacyNoticeRequired }),
  }),
);

/** `PATCH`: any of the answers; the privacy notice was read when applying. */
export const applicationChangeSchema = /* @__PURE__ */ z.lazy(() => {
  const answers = answerFields();
  return z.strictObject({
    name: z.optional(answers.name),
    email: z.optional(answers.email),
    unitId: z.optional(answers.unitId),
    role: z.optional(answers.role),
    certified: z.optional(answers.certified),
    subjects: z.optional(answers.subjects),
    motivation: z.optional(answers.motivation),
  });
});

export type ApplyInput = z.output<typeof applySchema>;

export type ApplicationChange = z.output<typeof applicationChangeSchema>;

export interface Application {
  id: string;
  programmeId: string;
  unitId: string;
  name: string;
  /** normalised: trimmed, lower-case */
  email: string;
  role: (typeof roles)[number];
  certified: boolean;
  subjects: string;
  motivation: string;
  privacyNoticeReadAt: string;
  status: 'submitted' | 'withdrawn';
  createdAt: string;
  updatedAt: string;
  withdrawnAt?: string;
  /** SHA-256 of the private-link secret; the secret itself is never stored */
  secretHash: string;
  /** bumped by every change after applying; each write is conditional on it (no lost update) */
  revision?: number;
  /** the head's decision, once there is one */
  decision?: Decision;
  /** set when an administrator registered the person directly */
  registeredBy?: string;
  /** when a fresh private link was last mailed (asked for, or applied again): at most one per `linkMailInterval` */
  linkMailedAt?: string;
}

export interface ApplicationPage {
  items: Application[];
  cursor: string | undefined;
}

/** One application by its id: all a private link and applying itself read. */
export interface ApplicationLookup {
  get(applicationId: string): Promise<Application | undefined>;
}

/** Reading applications: a programme's list, and what a unit change asks. */
export interface ApplicationReader extends ApplicationLookup {
  listByProgramme(programmeId: string, limit: number, cursor?: string): Promise<ApplicationPage>;
  unitHasApplications(programmeId: string, unitId: string): Promise<boolean>;
}

/** What the reminders ask: which of the addresses have an application (not withdrawn) in the programme. */
export interface AppliedCheck {
  /** the hashes, of those given, whose e-mail guard exists */
  appliedAmong(programmeId: string, emailHashes: string[]): Promise<Set<string>>;
}

export interface ApplicationStore extends ApplicationLookup {
  /** written with the e-mail guard in one transaction; `duplicateOf` when the e-mail has applied */
  create(application: Application, emailHash: string): Promise<{ created: true } | { created: false; duplicateOf: string }>;
  /** the application (not withdrawn) that holds the address's guard in the programme */
  idForEmail(programmeId: string, emailHash: string): Promise<string | undefined>;
  /**
   * A new secret, and `linkMailedAt` = `at`, unless a link was mailed after `notSince`: false then.
   * Bumps the revision, so that a change read before it cannot put the old secret back.
   */
  replaceSecret(applicationId: string, secretHash: string, at: string, notSince: string): Promise<boolean>;
  /**
   * Store the changed application; when the e-mail changes, move the guard in the same transaction.
   * Fails with EMAIL_IN_USE when the new address has applied, APPLICATION_WITHDRAWN when withdrawn.
   */
  update(next: Application, emailGuard?: { from: string; to: string }): Promise<void>;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The e-mail guard's key part: a hash, so that no address is part of a key. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

export function secretMatches(application: Application, secret: string | undefined): boolean {
  if (!secret) return false;
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(application.secretHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function requireWindowOpen(programme: Programme, now: Date): void {
  const status = windowStatus(programme, now);
  if (status === 'upcoming') throw applicationWindowNotOpen();
  if (status === 'closed') throw applicationWindowClosed();
}

export function requireUnit(programme: Programme, unitId: string): void {
  if (!programme.units.some((unit) => unit.id === unitId)) {
    throw validationFailed({ unitId: unitNotInProgramme });
  }
}

export const linkRequestSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ email: emailAddress() }));

/** What the applicant sees: their answers, and the decision once decisions are published. */
/**
 * A new application from the answers, given by the applicant or for them by an administrator. The
 * mail with its link goes now: a second click on "send" does not replace the link straight away.
 */
export function newApplication(id: string, programmeId: string, answers: Omit<ApplyInput, 'privacyNoticeRead'>, secret: string, now: Date): Application {
  const { name, email, unitId, role, certified, subjects, motivation } = answers;
  const at = now.toISOString();
  return {
    id,
    programmeId,
    unitId,
    name,
    email,
    role,
    certified,
    subjects,
    motivation,
    privacyNoticeReadAt: at,
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    secretHash: hashSecret(secret),
    linkMailedAt: at,
  };
}

export function applicantView(application: Application, programme: Programme, now: Date) {
  const { secretHash: _secretHash, decision, revision: _revision, registeredBy: _registeredBy, linkMailedAt: _linkMailedAt, ...answers } = application;
  const unit = programme.units.find((candidate) => candidate.id === application.unitId);
  const windowOpen = windowStatus(programme, now) === 'open';
  const published = decisionsPublished(programme, now);
  return {
    ...answers,
    unitName: unit?.name,
    programme: programmeDates(programme),
    // As the published mail says it: no decision reads as a decline.
    decision: published ? { value: decision?.value ?? 'decline', note: decision?.note ?? null } : null,
    canChange: windowOpen && application.status === 'submitted',
    canWithdraw: application.status === 'submitted' && windowStatus(programme, now) !== 'upcoming' && now < programmeStart(programme),
  };
}

/** What an administrator sees of an application. */
export function adminApplicationView(application: Application) {
  const { secretHash: _secretHash, ...rest } = application;
  return rest;
}
