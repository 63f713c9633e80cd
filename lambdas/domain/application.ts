/**
 * Applications: a teacher applies while the window is open (Europe/Stockholm), gets a receipt
 * with a private link, and may view, change or withdraw the application through it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import {
  applicationNotFound,
  applicationWindowClosed,
  applicationWindowNotOpen,
  applicationWithdrawn,
  programmeNotFound,
  validationFailed,
} from '#domain/errors';
import { decisionsPublished, emailAddress, programmeStart, windowStatus, type Programme } from '#domain/programme';
import type { IdSource, Mailer } from '#domain/ports';
import type { UnsolicitedMailCap } from '#domain/mailCap';
import type { MailContent } from '#mail/layout';
import { changedMail, linkAgainMail, receiptMail, type LinkReason } from '#mail/applications';
import { consentRequired, unitNotInProgramme } from '#text/sv';
import { sitePaths } from '#site';
import type { Decision, Transitions } from '#domain/decisions';
import type { AuditEntry } from '#domain/audit';
import { erasureTime, type ScheduleChanges } from '#domain/schedule';
import { toStockholmIso } from '#domain/time';

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
    consent: z.literal(true, { error: consentRequired }),
  }),
);

/** `PATCH`: any of the answers; consent was given when applying. */
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
  consentAt: string;
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

/** A bound on a seat counter that a programme change must not go below (SEATS_BELOW_APPOINTED). */
export interface SeatCeiling {
  /** a unit's id, or the whole programme */
  scope: { unitId: string } | 'programme';
  max: number;
}

/** One programme by its id: all that most functions read of programmes. */
export interface ProgrammeReader {
  get(programmeId: string): Promise<Programme | undefined>;
}

/** The lists of programmes: the public one, and every programme for the units a head leads. */
export interface ProgrammeListing extends ProgrammeReader {
  /** the programmes whose window closes after `instant` */
  listClosingAfter(instant: Date): Promise<Programme[]>;
  /** every programme, for finding the units a head leads */
  listAll(): Promise<Programme[]>;
}

export interface ProgrammeStore extends ProgrammeReader {
  /** with its audit entry and its notification schedule, in one transaction */
  create(programme: Programme, audit: AuditEntry, schedule: ScheduleChanges): Promise<void>;
  /**
   * Replace with its audit entry and the changes to its schedule, in one transaction, on condition
   * that the stored version is `expectedVersion` and that no seat counter in `ceilings` is above
   * its bound.
   */
  replace(
    programme: Programme,
    expectedVersion: number,
    audit: AuditEntry,
    extras?: { ceilings?: SeatCeiling[]; schedule?: ScheduleChanges },
  ): Promise<void>;
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

/** Applying and the applicant's own changes: an application never changes its programme. */
export interface ApplicationDeps {
  programmes: ProgrammeReader;
  applications: ApplicationStore;
  /** a withdrawal gives back an appointed person's seat, and a reserve gets it */
  decisions: Transitions;
  mailer: Mailer;
  /** the caps on mail a stranger can make us send: a fresh link when applying again or asking for one */
  mailCap: UnsolicitedMailCap;
  ids: IdSource;
  siteUrl: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The e-mail guard's key part: a hash, so that no address is part of a key. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

function secretMatches(application: Application, secret: string | undefined): boolean {
  if (!secret) return false;
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(application.secretHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export async function programmeOf(deps: { programmes: ProgrammeReader }, programmeId: string): Promise<Programme> {
  const programme = await deps.programmes.get(programmeId);
  if (!programme) throw programmeNotFound();
  return programme;
}

function requireWindowOpen(programme: Programme, now: Date): void {
  const status = windowStatus(programme, now);
  if (status === 'upcoming') throw applicationWindowNotOpen();
  if (status === 'closed') throw applicationWindowClosed();
}

export function requireUnit(programme: Programme, unitId: string): void {
  if (!programme.units.some((unit) => unit.id === unitId)) {
    throw validationFailed({ unitId: unitNotInProgramme });
  }
}

export async function send(deps: Pick<ApplicationDeps, 'mailer'>, to: string, mail: MailContent): Promise<void> {
  await deps.mailer.send({ to, ...mail });
}

export async function apply(deps: ApplicationDeps, programmeId: string, input: ApplyInput, now: Date): Promise<void> {
  const programme = await programmeOf(deps, programmeId);
  requireWindowOpen(programme, now);
  requireUnit(programme, input.unitId);
  const secret = deps.ids.secret();
  const at = now.toISOString();
  const application: Application = {
    id: deps.ids.newId(),
    programmeId,
    unitId: input.unitId,
    name: input.name,
    email: input.email,
    role: input.role,
    certified: input.certified,
    subjects: input.subjects,
    motivation: input.motivation,
    consentAt: at,
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    secretHash: hashSecret(secret),
    // The receipt carries the link: a second click on "send" does not replace it straight away.
    linkMailedAt: at,
  };
  const hash = emailHash(input.email);
  const result = await deps.applications.create(application, hash);
  // A first application and a repeated one look the same to the caller (the handler answers both
  // alike): only the mail differs, a receipt or a fresh link ("du har redan ansökt"), within the caps.
  if (result.created) {
    await deps.mailCap.recordReceipt(hash, programmeId, now);
    await send(deps, application.email, receiptMail(programme, application, privateLink(deps, application.id, secret)));
    return;
  }
  const existing = await deps.applications.get(result.duplicateOf);
  if (existing && (await deps.mailCap.take(hash, programmeId, now))) await mailFreshLink(deps, programme, existing, 'appliedAgain', now);
}

/** Fresh links are mailed to an application at most this often, so that nobody can flood an inbox with them. */
const linkMailInterval = 10 * 60_000;

/**
 * Only a hash of the old secret exists: a fresh link replaces it. Nothing is mailed when one was
 * mailed less than `linkMailInterval` ago (the store decides, so two requests at once mail once).
 */
async function mailFreshLink(deps: ApplicationDeps, programme: Programme, application: Application, reason: LinkReason, now: Date): Promise<void> {
  const fresh = deps.ids.secret();
  const notSince = new Date(now.getTime() - linkMailInterval).toISOString();
  if (!(await deps.applications.replaceSecret(application.id, hashSecret(fresh), now.toISOString(), notSince))) return;
  await send(deps, application.email, linkAgainMail(programme, application, privateLink(deps, application.id, fresh), reason));
}

export const linkRequestSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ email: emailAddress() }));

/**
 * `POST /api/programmes/{programmeId}/applications/link`: someone who lost their private link asks
 * for a new one, at any time until the application is erased. The answer never says whether the
 * address has applied; if it has, the address gets the link.
 */
export async function requestLink(deps: ApplicationDeps, programmeId: string, email: string, now: Date): Promise<void> {
  const programme = await programmeOf(deps, programmeId);
  const hash = emailHash(email);
  // The cap first, whether or not the address has applied: the same work either way.
  if (!(await deps.mailCap.take(hash, programmeId, now))) return;
  const applicationId = await deps.applications.idForEmail(programmeId, hash);
  const application = applicationId ? await deps.applications.get(applicationId) : undefined;
  if (application) await mailFreshLink(deps, programme, application, 'requested', now);
}

export function privateLink(deps: Pick<ApplicationDeps, 'siteUrl'>, applicationId: string, secret: string): string {
  return `${deps.siteUrl}${sitePaths.application(applicationId, secret)}`;
}

/** Where someone without their private link asks for a new one. */
export function lostLinkUrl(deps: Pick<ApplicationDeps, 'siteUrl'>, programmeId: string): string {
  return `${deps.siteUrl}${sitePaths.lostLink(programmeId)}`;
}

/** The application, if the secret is right; a wrong secret looks exactly like an unknown id. */
export async function authorised(deps: { applications: ApplicationLookup }, applicationId: string, secret: string | undefined) {
  const application = await deps.applications.get(applicationId);
  if (!application || !secretMatches(application, secret)) throw applicationNotFound();
  return application;
}

/** What the applicant sees: their answers, and the decision once decisions are published. */
export function applicantView(application: Application, programme: Programme, now: Date) {
  const { secretHash: _secretHash, decision, revision: _revision, registeredBy: _registeredBy, linkMailedAt: _linkMailedAt, ...answers } = application;
  const unit = programme.units.find((candidate) => candidate.id === application.unitId);
  const windowOpen = windowStatus(programme, now) === 'open';
  const published = decisionsPublished(programme, now);
  return {
    ...answers,
    unitName: unit?.name,
    programme: {
      id: programme.id,
      title: programme.title,
      window: programme.window,
      decisionDeadline: programme.decisionDeadline,
      period: programme.period,
      /** when the application, and all that hangs on it, is erased */
      erasureAt: toStockholmIso(erasureTime(programme)),
    },
    // As the published mail says it: no decision reads as a decline.
    decision: published ? { value: decision?.value ?? 'decline', note: decision?.note ?? null } : null,
    canChange: windowOpen && application.status === 'submitted',
    canWithdraw: application.status === 'submitted' && windowStatus(programme, now) !== 'upcoming' && now < programmeStart(programme),
  };
}

export async function viewOwnApplication(deps: ApplicationDeps, applicationId: string, secret: string | undefined, now: Date) {
  const application = await authorised(deps, applicationId, secret);
  return applicantView(application, await programmeOf(deps, application.programmeId), now);
}

export async function changeOwnApplication(
  deps: ApplicationDeps,
  applicationId: string,
  secret: string | undefined,
  change: ApplicationChange,
  now: Date,
) {
  const application = await authorised(deps, applicationId, secret);
  const programme = await programmeOf(deps, application.programmeId);
  if (application.status === 'withdrawn') throw applicationWithdrawn();
  requireWindowOpen(programme, now);
  if (change.unitId !== undefined) requireUnit(programme, change.unitId);
  const next: Application = {
    ...application,
    ...definedOnly(change),
    updatedAt: now.toISOString(),
    revision: (application.revision ?? 0) + 1,
  };
  const emailChanged = next.email !== application.email;
  await deps.applications.update(
    next,
    emailChanged ? { from: emailHash(application.email), to: emailHash(next.email) } : undefined,
  );
  await send(deps, next.email, changedMail(programme, next));
  return applicantView(next, programme, now);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** What an administrator sees of an application. */
export function adminApplicationView(application: Application) {
  const { secretHash: _secretHash, ...rest } = application;
  return rest;
}
