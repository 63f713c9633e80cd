/**
 * A month's cost, at the demo's size and at ten times: what `npm run bench:scale` measured (the
 * capacity each read and write consumed, the notification run's time and calls per mail) times a
 * month's use, times AWS's list prices. The prices are in one place below, with their date: check
 * them against the AWS Pricing Calculator before budgeting by them.
 */

/**
 * List prices in USD, eu-north-1 (Stockholm) where a service is priced per region; WAF and
 * CloudFront are global (CloudFront: Europe). As published by AWS, read 2026-12-05.
 */
export const prices = {
  date: '2026-12-05',
  lambda: { perGbSecondArm: 0.0000133334, perMillionRequests: 0.2, freeGbSeconds: 400_000, freeRequests: 1_000_000 },
  dynamodb: { perMillionWriteUnits: 0.6975, perMillionReadUnits: 0.1395, perGbMonth: 0.2675, pitrPerGbMonth: 0.214 },
  ses: { perThousandMails: 0.1 },
  scheduler: { perMillionInvocations: 1.0, freeInvocations: 14_000_000 },
  waf: { perWebAcl: 5.0, perRule: 1.0, perMillionRequests: 0.6 },
  cloudfront: { perTenThousandHttpsRequests: 0.012, perGbOut: 0.085, freeRequests: 10_000_000, freeGbOut: 1024 },
  cognito: { plusPerMau: 0.02, essentialsFreeMau: 10_000, essentialsPerMau: 0.015, federatedFreeMau: 50, federatedPerMau: 0.015 },
} as const;

/** A month's use: a busy one, with the window open, the decisions and the reminders. */
export interface MonthOfUse {
  label: string;
  applications: number;
  publicPageViews: number;
  /** each of the staff's reads, by the name bench:scale gives it */
  staffReads: number;
  progressUpdates: number;
  mails: number;
  staffMau: number;
  /** requests through CloudFront and WAF: pages, their files and the API */
  edgeRequests: number;
  gbOut: number;
  tableGb: number;
}

export const months: MonthOfUse[] = [
  {
    label: 'demo (Trollhättan: 150 platser, 20 enheter)',
    applications: 300,
    publicPageViews: 20_000,
    staffReads: 2_000,
    progressUpdates: 600,
    mails: 2_100,
    staffMau: 35,
    edgeRequests: 150_000,
    gbOut: 5,
    tableGb: 0.05,
  },
  {
    label: 'tio gånger (1 500 deltagare, 5 000 bevakare)',
    applications: 3_000,
    publicPageViews: 200_000,
    staffReads: 20_000,
    progressUpdates: 6_000,
    mails: 21_000,
    staffMau: 350,
    edgeRequests: 1_500_000,
    gbOut: 50,
    tableGb: 0.5,
  },
];

/** What bench:scale measured at one size, per operation. */
export interface MeasuredCosts {
  /** read units of one of the staff's reads, on average over those measured */
  readUnitsPerStaffRead: number;
  /** read and write units of one application (the receipt's mail cap included) */
  applyUnits: { read: number; write: number };
  /** read and write units of one progress update */
  progressUnits: { read: number; write: number };
  /** the notification run's read and write units and Lambda time per mail */
  perMail: { read: number; write: number; seconds: number };
  /** an empty notification run (nothing due): units and time */
  emptyRun: { read: number; write: number; seconds: number };
  /** a request's function time (median of the reads), for the API's Lambda time */
  requestSeconds: number;
}

import { rateLimits } from '../../lib/edge.ts';

/** The web ACL's rules (lib/edgeStack.ts): a rate rule per public form, and three managed rule groups. */
const wafRules = rateLimits.length + 3;
const runsPerMonth = 60 * 24 * 30;
const memoryGb = 0.5;

/** How staff sign in: Cognito's own accounts (Essentials), through the municipality's IdP (federated), or with threat protection (Plus). */
export type SignIn = 'own' | 'federated' | 'plus';

export function monthlyCost(use: MonthOfUse, measured: MeasuredCosts, signIn: SignIn) {
  const apiRequests = use.applications + use.publicPageViews + use.staffReads + use.progressUpdates;
  const readUnits =
    use.staffReads * measured.readUnitsPerStaffRead +
    use.applications * measured.applyUnits.read +
    use.progressUpdates * measured.progressUnits.read +
    use.publicPageViews * 0.5 +
    use.mails * measured.perMail.read +
    runsPerMonth * measured.emptyRun.read;
  const writeUnits =
    use.applications * measured.applyUnits.write +
    use.progressUpdates * measured.progressUnits.write +
    use.mails * measured.perMail.write +
    runsPerMonth * measured.emptyRun.write;
  const gbSeconds = memoryGb * (apiRequests * measured.requestSeconds + use.mails * measured.perMail.seconds + runsPerMonth * measured.emptyRun.seconds);
  const invocations = apiRequests + runsPerMonth;
  const lambda =
    Math.max(0, gbSeconds - prices.lambda.freeGbSeconds) * prices.lambda.perGbSecondArm +
    (Math.max(0, invocations - prices.lambda.freeRequests) / 1e6) * prices.lambda.perMillionRequests;
  const dynamodb =
    (readUnits / 1e6) * prices.dynamodb.perMillionReadUnits +
    (writeUnits / 1e6) * prices.dynamodb.perMillionWriteUnits +
    use.tableGb * (prices.dynamodb.perGbMonth + prices.dynamodb.pitrPerGbMonth);
  const ses = (use.mails / 1000) * prices.ses.perThousandMails;
  const scheduler = (Math.max(0, runsPerMonth - prices.scheduler.freeInvocations) / 1e6) * prices.scheduler.perMillionInvocations;
  const waf = prices.waf.perWebAcl + wafRules * prices.waf.perRule + (use.edgeRequests / 1e6) * prices.waf.perMillionRequests;
  const cloudfront =
    (Math.max(0, use.edgeRequests - prices.cloudfront.freeRequests) / 10_000) * prices.cloudfront.perTenThousandHttpsRequests +
    Math.max(0, use.gbOut - prices.cloudfront.freeGbOut) * prices.cloudfront.perGbOut;
  // Essentials' first 10,000 users of its own are free; staff who sign in through the
  // municipality's IdP (SAML/OIDC) are federated users, 50 free; Plus (threat protection) bills
  // every user.
  const cognito = {
    own: Math.max(0, use.staffMau - prices.cognito.essentialsFreeMau) * prices.cognito.essentialsPerMau,
    federated: Math.max(0, use.staffMau - prices.cognito.federatedFreeMau) * prices.cognito.federatedPerMau,
    plus: use.staffMau * prices.cognito.plusPerMau,
  }[signIn];
  return { gbSeconds, readUnits, writeUnits, lambda, dynamodb, ses, scheduler, waf, cloudfront, cognito, total: lambda + dynamodb + ses + scheduler + waf + cloudfront + cognito };
}
