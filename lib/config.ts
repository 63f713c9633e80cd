/**
 * Deployment settings, from CDK context (`npx cdk deploy -c stage=prod -c senderAddress=…`),
 * each with a documented default so that `npx cdk synth` works with no arguments.
 */
import type { Node } from 'constructs';

export interface StackSettings {
  /** name suffix of every resource; `prod` keeps data on stack deletion */
  stage: string;
  /** the From address of every e-mail; its identity must be verified in SES */
  senderAddress: string;
  /** verify the whole sender domain in SES (DKIM) instead of the single address */
  senderDomain: string | undefined;
  /** the site's own domain (needs certificateArn, a us-east-1 ACM certificate); default: CloudFront's */
  domain: string | undefined;
  certificateArn: string | undefined;
  /** alarms are sent here by e-mail, when given */
  alarmEmail: string | undefined;
  /** SES sending rate the notification run keeps under, per second */
  sesRatePerSecond: number;
}

export const defaultSettings: StackSettings = {
  stage: 'dev',
  senderAddress: 'satsning@example.se',
  senderDomain: undefined,
  domain: undefined,
  certificateArn: undefined,
  alarmEmail: undefined,
  sesRatePerSecond: 14,
};

export function readSettings(node: Node): StackSettings {
  const text = (key: keyof StackSettings): string | undefined => {
    const value = node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const settings: StackSettings = {
    stage: text('stage') ?? defaultSettings.stage,
    senderAddress: text('senderAddress') ?? defaultSettings.senderAddress,
    senderDomain: text('senderDomain'),
    domain: text('domain'),
    certificateArn: text('certificateArn'),
    alarmEmail: text('alarmEmail'),
    sesRatePerSecond: Number(text('sesRatePerSecond') ?? defaultSettings.sesRatePerSecond),
  };
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(settings.stage)) {
    throw new Error(`stage must be lower-case letters, digits and '-', at most 16 characters: ${settings.stage}`);
  }
  if (settings.domain && !settings.certificateArn) {
    throw new Error('domain needs certificateArn (an ACM certificate in us-east-1 for CloudFront)');
  }
  if (!Number.isFinite(settings.sesRatePerSecond) || settings.sesRatePerSecond <= 0) {
    throw new Error('sesRatePerSecond must be a positive number');
  }
  return settings;
}
