/**
 * The functions' configuration, read once per container from the environment the stack (or the
 * local platform) sets. Local-only endpoints are absent in AWS.
 */
import { defaultMailCaps } from '#model/mailCap';

export const config = {
  tableName: process.env.TABLE_NAME ?? 'satsning',
  region: process.env.AWS_REGION ?? 'eu-north-1',
  dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  sesEndpoint: process.env.SES_ENDPOINT || undefined,
  sesConfigurationSet: process.env.SES_CONFIGURATION_SET || undefined,
  mailFrom: process.env.MAIL_FROM ?? 'satsning@example.se',
  /** SES's sending rate for the account (e-mails per second) */
  sesRatePerSecond: Number(process.env.SES_RATE_PER_SECOND ?? 14),
  /** the public site, for links in e-mails (no trailing slash) */
  siteUrl: (process.env.SITE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''),
  /** the caps on unsolicited mail per address (lambdas/model/mailCap.ts) */
  mailCaps: {
    perProgrammeMinutes: Number(process.env.MAIL_CAP_PER_PROGRAMME_MINUTES ?? defaultMailCaps.perProgrammeMinutes),
    perDay: Number(process.env.MAIL_CAP_PER_DAY ?? defaultMailCaps.perDay),
  },
  /**
   * The public application form answers no sooner than this many milliseconds after the request
   * arrived, so that how long it took does not tell whether the address had applied before.
   */
  publicFormAnswerMs: Number(process.env.PUBLIC_FORM_ANSWER_MS ?? 0),
  /**
   * The secret CloudFront (locally the gateway) sends in the origin header with every request:
   * set, a request without it is refused. Unset only where no edge stands in front (unit tests).
   */
  originSecret: process.env.ORIGIN_SECRET || undefined,
};
