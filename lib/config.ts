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
  /** unsolicited mail (a watch confirmation, a fresh link): at most one per address and programme in these minutes */
  mailCapPerProgrammeMinutes: number;
  /** … and at most this many per address and day, across the system */
  mailCapPerDay: number;
  /** the public forms that mail answer no sooner than this (ms), so their timing does not tell who applied */
  publicFormAnswerMs: number;
  /** the municipality's own address ranges (CIDR), let past the per-client limits */
  trustedAddressRanges: string[];
  /** Cognito's threat protection (the Plus feature plan, billed per active user) */
  threatProtection: boolean;
  /** who the privacy notice names: the controller (a municipal board), its data protection officer, and how to reach the administration */
  organisation: Organisation;
  /** the functions' log level (Lambda's JSON log format filters below it) */
  logLevel: LogLevel;
  /** X-Ray active tracing of every function (billed per trace) */
  tracing: boolean;
  /** an AWS Backup vault in another region or account that each backup is copied to (its ARN) */
  backupCopyVaultArn: string | undefined;
  /**
   * run on an existing table instead of creating one: the table a restore created (docs/restore.md);
   * its TTL, point-in-time recovery and deletion protection are then the operator's to turn on
   */
  existingTableName: string | undefined;
  /** staff sign in through the municipality's identity provider (SAML or OIDC), when set */
  federation: Federation | undefined;
}

/**
 * The municipality's identity provider: Microsoft Entra ID, or the municipality's own IdP as it is
 * registered in Skolfederation. Cognito takes one IdP's metadata, not a federation's aggregate.
 */
export interface Federation {
  /** the provider's name in the user pool and on the hosted UI */
  name: string;
  protocol: { kind: 'saml'; metadataUrl?: string; metadataFile?: string } | { kind: 'oidc'; issuer: string; clientId: string; clientSecretName: string };
  /** the claim (SAML attribute name, or OIDC claim) that carries the e-mail address */
  emailClaim: string;
  /** the claim that carries the user's groups or app roles */
  groupsClaim: string;
  /** an Entra group's object id, or an app role's value, that makes an administrator */
  adminGroupIds: string[];
  /** e-mail domains whose addresses are the municipality's: outside them, a token grants nothing */
  headEmailDomains: string[];
}

/** Entra ID's claim names: SAML attributes by URI, OIDC claims by short name. */
export const entraClaims = {
  saml: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups' },
  oidc: { email: 'email', groups: 'groups' },
};

export const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface Organisation {
  controller: string;
  dataProtectionOfficer: string;
  contact: string;
}

export const defaultSettings: StackSettings = {
  stage: 'dev',
  senderAddress: 'satsning@example.se',
  senderDomain: undefined,
  domain: undefined,
  certificateArn: undefined,
  alarmEmail: undefined,
  sesRatePerSecond: 14,
  mailCapPerProgrammeMinutes: 10,
  mailCapPerDay: 5,
  publicFormAnswerMs: 400,
  trustedAddressRanges: [],
  threatProtection: false,
  // Demo values: `-c controller=… -c dataProtectionOfficer=… -c contact=…` names the municipality's own.
  organisation: {
    controller: 'Utbildningsnämnden i Exempelkommun',
    dataProtectionOfficer: 'dataskyddsombud@example.se',
    contact: 'kommunens kontaktcenter, 0520-00 00 00 eller kontaktcenter@example.se',
  },
  logLevel: 'INFO',
  tracing: false,
  backupCopyVaultArn: undefined,
  existingTableName: undefined,
  federation: undefined,
};

/** A list from context: a JSON array (cdk.json), or comma-separated text (`-c name=a,b`). */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value.trim() ? value.split(',').map((item) => item.trim()).filter(Boolean) : [];
}

export function readSettings(node: Node): StackSettings {
  const text = (key: keyof StackSettings | keyof Organisation): string | undefined => {
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
    mailCapPerProgrammeMinutes: Number(text('mailCapPerProgrammeMinutes') ?? defaultSettings.mailCapPerProgrammeMinutes),
    mailCapPerDay: Number(text('mailCapPerDay') ?? defaultSettings.mailCapPerDay),
    publicFormAnswerMs: Number(text('publicFormAnswerMs') ?? defaultSettings.publicFormAnswerMs),
    trustedAddressRanges: list(node.tryGetContext('trustedAddressRanges')),
    threatProtection: ['true', '1', 'yes'].includes(text('threatProtection') ?? String(defaultSettings.threatProtection)),
    organisation: {
      controller: text('controller') ?? defaultSettings.organisation.controller,
      dataProtectionOfficer: text('dataProtectionOfficer') ?? defaultSettings.organisation.dataProtectionOfficer,
      contact: text('contact') ?? defaultSettings.organisation.contact,
    },
    logLevel: (text('logLevel')?.toUpperCase() ?? defaultSettings.logLevel) as LogLevel,
    tracing: ['true', '1', 'yes'].includes(text('tracing') ?? String(defaultSettings.tracing)),
    backupCopyVaultArn: text('backupCopyVaultArn'),
    existingTableName: text('existingTableName'),
    federation: readFederation(node),
  };
  if (!logLevels.includes(settings.logLevel)) throw new Error(`logLevel must be one of ${logLevels.join(', ')}: ${settings.logLevel}`);
  if (settings.backupCopyVaultArn && !/^arn:aws[\w-]*:backup:[\w-]+:\d{12}:backup-vault:[\w.-]+$/.test(settings.backupCopyVaultArn)) {
    throw new Error(`backupCopyVaultArn: not a backup vault's ARN: ${settings.backupCopyVaultArn}`);
  }
  for (const range of settings.trustedAddressRanges) {
    if (!/^[0-9a-f.:]+\/\d{1,3}$/i.test(range)) throw new Error(`trustedAddressRanges: not an address range (CIDR): ${range}`);
  }
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(settings.stage)) {
    throw new Error(`stage must be lower-case letters, digits and '-', at most 16 characters: ${settings.stage}`);
  }
  if (settings.domain && !settings.certificateArn) {
    throw new Error('domain needs certificateArn (an ACM certificate in us-east-1 for CloudFront)');
  }
  for (const name of ['sesRatePerSecond', 'mailCapPerProgrammeMinutes', 'mailCapPerDay'] as const) {
    if (!Number.isFinite(settings[name]) || settings[name] <= 0) throw new Error(`${name} must be a positive number`);
  }
  if (!Number.isInteger(settings.publicFormAnswerMs) || settings.publicFormAnswerMs < 0 || settings.publicFormAnswerMs > 3000) {
    throw new Error('publicFormAnswerMs must be a whole number of milliseconds, 0–3000');
  }
  return settings;
}

/** The identity provider from context: `samlMetadataUrl` or `samlMetadataFile`, or `oidcIssuer` with its client. */
function readFederation(node: Node): Federation | undefined {
  const text = (key: string): string | undefined => {
    const value = node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : String(value);
  };
  const saml = { metadataUrl: text('samlMetadataUrl'), metadataFile: text('samlMetadataFile') };
  const oidc = { issuer: text('oidcIssuer'), clientId: text('oidcClientId'), clientSecretName: text('oidcClientSecretName') };
  const isSaml = Boolean(saml.metadataUrl || saml.metadataFile);
  const isOidc = Boolean(oidc.issuer || oidc.clientId || oidc.clientSecretName);
  if (!isSaml && !isOidc) return undefined;
  if (isSaml && isOidc) throw new Error('one identity provider: SAML (samlMetadataUrl or samlMetadataFile) or OIDC (oidcIssuer), not both');
  if (saml.metadataUrl && saml.metadataFile) throw new Error('samlMetadataUrl or samlMetadataFile, not both');
  if (isOidc && !(oidc.issuer && oidc.clientId && oidc.clientSecretName)) {
    throw new Error('OIDC needs oidcIssuer, oidcClientId and oidcClientSecretName (the client secret, stored in Secrets Manager)');
  }
  const kind = isSaml ? 'saml' : 'oidc';
  const federation: Federation = {
    name: text('identityProviderName') ?? 'Kommunen',
    protocol: isSaml
      ? { kind: 'saml', ...(saml.metadataUrl ? { metadataUrl: saml.metadataUrl } : {}), ...(saml.metadataFile ? { metadataFile: saml.metadataFile } : {}) }
      : { kind: 'oidc', issuer: oidc.issuer!, clientId: oidc.clientId!, clientSecretName: oidc.clientSecretName! },
    emailClaim: text('idpEmailClaim') ?? entraClaims[kind].email,
    groupsClaim: text('idpGroupsClaim') ?? entraClaims[kind].groups,
    adminGroupIds: list(node.tryGetContext('adminGroupIds')),
    headEmailDomains: list(node.tryGetContext('headEmailDomains')).map((domain) => domain.toLowerCase().replace(/^@/, '')),
  };
  if (federation.headEmailDomains.length === 0) throw new Error('headEmailDomains: the e-mail domains of the municipality (comma-separated), needed with an identity provider');
  if (federation.adminGroupIds.length === 0) throw new Error('adminGroupIds: the Entra group object id or app role that makes an administrator, needed with an identity provider');
  if (!/^[\w .-]{1,32}$/.test(federation.name)) throw new Error(`identityProviderName: letters, digits, space, '.', '-' or '_', at most 32: ${federation.name}`);
  return federation;
}
