/**
 * Every route of the API, in one place. The CDK stack builds the HTTP API and its functions from
 * this table; the local gateway serves the same handlers from it. A group is one Lambda function:
 * its module (lambdas/handlers/<group>.ts) exports `operations`, one handler per route below.
 */

import type { Principal } from '#model/access';

/** Cognito groups the API knows. Heads need no group: the programme says who heads a unit. */
export type Group = 'admin' | 'head';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: /api/programmes/{programmeId} */
  path: string;
  group: FunctionGroupName;
  /** the key of the handler in the group module's `operations` */
  operation: string;
  /** who may call it: the access rules, one row per route (see lambdas/model/access.ts) */
  access: readonly Principal[];
}

/** DynamoDB actions a function may use on the table and its indexes (least privilege). */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

export interface FunctionGroup {
  /** what the function does, for the console and the README */
  description: string;
  tableActions: readonly TableAction[];
  /** SES actions it may use (least privilege); none: it creates no SES client */
  sesActions: readonly SesAction[];
  /** how long it may run; 10 s unless said */
  timeoutSeconds?: number;
}

/** A group's timeout in seconds: the HTTP API waits 30 s at most, so a route's function 10. */
export function timeoutOf(group: FunctionGroupName): number {
  return (functionGroups[group] as FunctionGroup).timeoutSeconds ?? 10;
}

/**
 * Sending e-mail, and taking an address off the account's suppression list when an administrator
 * lifts a suppression (else SES would go on dropping mail to it).
 */
export type SesAction = 'ses:SendEmail' | 'ses:DeleteSuppressedDestination';

const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;
// Annotated pure (a spread is not, to esbuild), so that functions that do not read this table do not bundle it.
const readAndWrite = /* @__PURE__ */ [read, write].flat();
const sends = ['ses:SendEmail'] as const;

export const functionGroups = {
  health: { description: 'Hälsokontroll', tableActions: [], sesActions: [] },
  fallback: { description: 'Okänd väg eller metod (404/405)', tableActions: [], sesActions: [] },
  programmes: { description: 'Satsningar: lista, visa och kalender (publikt)', tableActions: read, sesActions: [] },
  programmeAdmin: {
    description: 'Satsningar: publicera och ändra',
    tableActions: readAndWrite,
    // More seats after the decisions are published give reserves a place, and them an e-mail.
    sesActions: sends,
  },
  unitImport: { description: 'Enheter: importera från CSV', tableActions: readAndWrite, sesActions: sends },
  applications: {
    description: 'Ansökningar: ansök, se, ändra och återkalla med privat länk',
    tableActions: readAndWrite,
    sesActions: sends,
  },
  decisions: {
    description: 'Rektorers beslut: enheternas ansökningar, platser och reserver',
    tableActions: readAndWrite,
    sesActions: sends,
  },
  decisionAdmin: {
    description: 'Förvaltningens beslut: ansökningar, översikt, logg, frigjorda platser, publicering',
    tableActions: readAndWrite,
    sesActions: sends,
  },
  participants: {
    description: 'Deltagare: lista, registrera i efterhand, lämna, radera',
    tableActions: readAndWrite,
    sesActions: sends,
  },
  watchers: {
    description: 'Bevakningar: anmäl, bekräfta, avsluta',
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    sesActions: sends,
  },
  progress: {
    description: 'Framsteg: delmoment per deltagare, översikt per enhet och satsning',
    tableActions: readAndWrite,
    sesActions: [],
  },
  groups: {
    description: 'Lärgrupper: starta, ändra, cykler och faser',
    tableActions: readAndWrite,
    sesActions: [],
  },
  exports: { description: 'Export av ansökningar, deltagare och framsteg (CSV)', tableActions: read, sesActions: [] },
  // Queued here and sent by the notification run: 1,500 mails at 14 a second do not fit in a route's 10 s.
  programmeMessages: { description: 'Meddelanden till en satsnings personer: förhandsgranska, köa, lista', tableActions: readAndWrite, sesActions: [] },
  feedback: {
    description: 'Studsar och klagomål från SES (via SNS) och spärrlistan',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    sesActions: ['ses:DeleteSuppressedDestination'],
  },
  notify: {
    description: 'Schemalagda e-postnotiser',
    tableActions: readAndWrite,
    sesActions: sends,
    // Lambda's longest: a run of 5,000 mails at SES's default 14 a second takes about 6 minutes.
    // Each run budgets its time by what is left of this, and one runs at a time (a lease).
    timeoutSeconds: 900,
  },
} as const satisfies Record<string, FunctionGroup>;

export type FunctionGroupName = keyof typeof functionGroups;

/** Groups that serve HTTP routes (the notification function is invoked by the scheduler). */
export const scheduledGroup: FunctionGroupName = 'notify';
/** The group SES's bounces and complaints reach through SNS (it serves the suppression list's routes too). */
export const feedbackGroup: FunctionGroupName = 'feedback';
export const fallbackGroup: FunctionGroupName = 'fallback';

const anyone = ['anyone'] as const;
const applicant = ['applicant'] as const;
const admin = ['admin'] as const;
const unitHeadOrAdmin = ['unitHead', 'admin'] as const;

/**
 * The routes, one list per function group: a function's handler imports its own list, so that
 * its bundle holds only its routes. `routes` is all of them, for the stack, the gateway and tests.
 */
export const healthRoutes = [
  { method: 'GET', path: '/api/health', group: 'health', operation: 'getHealth', access: anyone },
] as const satisfies readonly Route[];

// Functions are split by who calls them: the public programme page, which every applicant meets
// when the window opens, loads none of the administration's rules.
export const programmeRoutes = [
  { method: 'GET', path: '/api/programmes', group: 'programmes', operation: 'listProgrammes', access: anyone },
  { method: 'GET', path: '/api/programmes/{programmeId}', group: 'programmes', operation: 'getProgramme', access: anyone },
  { method: 'GET', path: '/api/programmes/{programmeId}/calendar.ics', group: 'programmes', operation: 'calendar', access: anyone },
] as const satisfies readonly Route[];

export const programmeAdminRoutes = [
  { method: 'POST', path: '/api/programmes', group: 'programmeAdmin', operation: 'createProgramme', access: admin },
  { method: 'PUT', path: '/api/programmes/{programmeId}', group: 'programmeAdmin', operation: 'updateProgramme', access: admin },
  // The programme as the administration edits it: heads' addresses, reminders and its version.
  { method: 'GET', path: '/api/programmes/{programmeId}/admin', group: 'programmeAdmin', operation: 'getProgramme', access: admin },
  // "Ny omgång": the programme as its next round, every date moved (?weeks=52), for the form to publish.
  { method: 'GET', path: '/api/programmes/{programmeId}/next-round', group: 'programmeAdmin', operation: 'nextRound', access: admin },
] as const satisfies readonly Route[];

// The unit list from CSV: its reading and row-by-row messages are a function of their own.
export const unitImportRoutes = [
  { method: 'POST', path: '/api/programmes/{programmeId}/units/import', group: 'unitImport', operation: 'importUnits', access: admin },
] as const satisfies readonly Route[];

export const watcherRoutes = [
  { method: 'POST', path: '/api/programmes/{programmeId}/watchers', group: 'watchers', operation: 'watch', access: anyone },
  { method: 'POST', path: '/api/watchers/confirm', group: 'watchers', operation: 'confirm', access: anyone },
  { method: 'POST', path: '/api/watchers/unsubscribe', group: 'watchers', operation: 'unsubscribe', access: anyone },
] as const satisfies readonly Route[];

export const applicationRoutes = [
  { method: 'POST', path: '/api/programmes/{programmeId}/applications', group: 'applications', operation: 'apply', access: anyone },
  { method: 'POST', path: '/api/programmes/{programmeId}/applications/link', group: 'applications', operation: 'requestLink', access: anyone },
  { method: 'GET', path: '/api/applications/{applicationId}', group: 'applications', operation: 'viewOwn', access: applicant },
  { method: 'PATCH', path: '/api/applications/{applicationId}', group: 'applications', operation: 'changeOwn', access: applicant },
  { method: 'DELETE', path: '/api/applications/{applicationId}', group: 'applications', operation: 'withdrawOwn', access: applicant },
] as const satisfies readonly Route[];

// Heads decide. `/api/me` is who the API thinks you are, and the units you head.
export const decisionRoutes = [
  { method: 'GET', path: '/api/me', group: 'decisions', operation: 'getMe', access: ['staff'] },
  { method: 'GET', path: '/api/programmes/{programmeId}/units/{unitId}/applications', group: 'decisions', operation: 'unitApplications', access: unitHeadOrAdmin },
  { method: 'POST', path: '/api/applications/{applicationId}/decision', group: 'decisions', operation: 'decide', access: unitHeadOrAdmin },
] as const satisfies readonly Route[];

export const decisionAdminRoutes = [
  { method: 'GET', path: '/api/programmes/{programmeId}/applications', group: 'decisionAdmin', operation: 'listApplications', access: admin },
  { method: 'GET', path: '/api/programmes/{programmeId}/overview', group: 'decisionAdmin', operation: 'overview', access: admin },
  { method: 'GET', path: '/api/programmes/{programmeId}/audit', group: 'decisionAdmin', operation: 'audit', access: admin },
  { method: 'POST', path: '/api/programmes/{programmeId}/units/{unitId}/release-seats', group: 'decisionAdmin', operation: 'releaseSeats', access: admin },
  { method: 'POST', path: '/api/programmes/{programmeId}/publish-decisions', group: 'decisionAdmin', operation: 'publishDecisions', access: admin },
] as const satisfies readonly Route[];

export const participantRoutes = [
  { method: 'GET', path: '/api/programmes/{programmeId}/participants', group: 'participants', operation: 'listParticipants', access: admin },
  { method: 'POST', path: '/api/programmes/{programmeId}/participants', group: 'participants', operation: 'registerParticipant', access: admin },
  { method: 'POST', path: '/api/participants/{participantId}/leave', group: 'participants', operation: 'leave', access: admin },
  { method: 'POST', path: '/api/participants/{participantId}/rejoin', group: 'participants', operation: 'rejoin', access: admin },
  { method: 'POST', path: '/api/applications/{applicationId}/erase', group: 'participants', operation: 'erase', access: admin },
] as const satisfies readonly Route[];

// Progress: heads and admins set a participant's; the participant sets their own by the private link.
export const progressRoutes = [
  { method: 'PUT', path: '/api/participants/{participantId}/milestones/{milestoneId}', group: 'progress', operation: 'setProgress', access: unitHeadOrAdmin },
  { method: 'GET', path: '/api/applications/{applicationId}/progress', group: 'progress', operation: 'ownProgress', access: applicant },
  { method: 'PUT', path: '/api/applications/{applicationId}/milestones/{milestoneId}', group: 'progress', operation: 'setOwnProgress', access: applicant },
  { method: 'GET', path: '/api/programmes/{programmeId}/progress', group: 'progress', operation: 'programmeProgress', access: admin },
  { method: 'GET', path: '/api/programmes/{programmeId}/units/{unitId}/progress', group: 'progress', operation: 'unitProgress', access: unitHeadOrAdmin },
] as const satisfies readonly Route[];

export const learningGroupRoutes = [
  { method: 'GET', path: '/api/programmes/{programmeId}/groups', group: 'groups', operation: 'listGroups', access: unitHeadOrAdmin },
  { method: 'POST', path: '/api/programmes/{programmeId}/groups', group: 'groups', operation: 'createGroup', access: unitHeadOrAdmin },
  { method: 'GET', path: '/api/programmes/{programmeId}/groups/{groupId}', group: 'groups', operation: 'getGroup', access: unitHeadOrAdmin },
  { method: 'PUT', path: '/api/programmes/{programmeId}/groups/{groupId}', group: 'groups', operation: 'updateGroup', access: unitHeadOrAdmin },
  { method: 'DELETE', path: '/api/programmes/{programmeId}/groups/{groupId}', group: 'groups', operation: 'deleteGroup', access: unitHeadOrAdmin },
  { method: 'PUT', path: '/api/programmes/{programmeId}/groups/{groupId}/cycles/{cycle}/phases/{phase}', group: 'groups', operation: 'notePhase', access: unitHeadOrAdmin },
] as const satisfies readonly Route[];

export const feedbackRoutes = [
  { method: 'GET', path: '/api/suppressions', group: 'feedback', operation: 'listSuppressions', access: admin },
  { method: 'DELETE', path: '/api/suppressions/{emailHash}', group: 'feedback', operation: 'liftSuppression', access: admin },
] as const satisfies readonly Route[];

export const exportRoutes = [
  { method: 'GET', path: '/api/programmes/{programmeId}/exports/applications.csv', group: 'exports', operation: 'applications', access: unitHeadOrAdmin },
  { method: 'GET', path: '/api/programmes/{programmeId}/exports/participants.csv', group: 'exports', operation: 'participants', access: unitHeadOrAdmin },
  { method: 'GET', path: '/api/programmes/{programmeId}/exports/progress.csv', group: 'exports', operation: 'progress', access: unitHeadOrAdmin },
] as const satisfies readonly Route[];

export const programmeMessageRoutes = [
  { method: 'GET', path: '/api/programmes/{programmeId}/messages', group: 'programmeMessages', operation: 'listMessages', access: unitHeadOrAdmin },
  { method: 'POST', path: '/api/programmes/{programmeId}/messages', group: 'programmeMessages', operation: 'queueMessage', access: unitHeadOrAdmin },
  { method: 'POST', path: '/api/programmes/{programmeId}/messages/preview', group: 'programmeMessages', operation: 'previewMessage', access: unitHeadOrAdmin },
] as const satisfies readonly Route[];

export const routes: readonly Route[] = /* @__PURE__ */ [
  healthRoutes,
  programmeRoutes,
  programmeAdminRoutes,
  unitImportRoutes,
  watcherRoutes,
  applicationRoutes,
  decisionRoutes,
  decisionAdminRoutes,
  participantRoutes,
  progressRoutes,
  learningGroupRoutes,
  feedbackRoutes,
  exportRoutes,
  programmeMessageRoutes,
].flat();

/** The names of a path's parameters: `{programmeId}` and `{proxy+}` alike. */
type ParameterNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? (Name extends `${infer Greedy}+` ? Greedy : Name) | ParameterNames<Rest> : never;

/** A route's path parameters, by name: API Gateway gives every one, so none is optional. */
export type PathParameters<Path extends string> = { [Name in ParameterNames<Path>]: string };

export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}


/** Handler module of a group, relative to the repository root. */
export function groupEntry(group: FunctionGroupName): string {
  return `lambdas/handlers/${group}.ts`;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  parameterNames: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; pathParameters: Record<string, string> }
  | { kind: 'wrongMethod'; allowed: HttpMethod[] }
  | { kind: 'notFound' };

/**
 * Match a request the way API Gateway does: a literal segment beats a parameter, so routes are
 * tried most-literal first.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const allowed: HttpMethod[] = [];
  bySpecificity ??= routes.map(compile).sort((a, b) => a.parameterNames.length - b.parameterNames.length);
  for (const { route, pattern, parameterNames } of bySpecificity) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    parameterNames.forEach((name, index) => {
      pathParameters[name] = safeDecode(match[index + 1]!);
    });
    return { kind: 'found', route, pathParameters };
  }
  return allowed.length > 0 ? { kind: 'wrongMethod', allowed: [...new Set(allowed)] } : { kind: 'notFound' };
}

/** compiled on first use: only the fallback function and the local gateway match paths */
let bySpecificity: CompiledRoute[] | undefined;

function compile(route: Route): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(match[1]!);
      return match[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
