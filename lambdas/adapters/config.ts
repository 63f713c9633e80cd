/**
 * The functions' configuration, read once per container from the environment the stack (or the
 * local platform) sets. Local-only endpoints are absent in AWS.
 */
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
};
