import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, readSettings } from '../../lib/config.ts';
import { buildStacks } from '../../lib/app.ts';
import { apiHeaders, contentSecurityPolicy, originHeader, permissionsPolicy, rateLimits } from '../../lib/edge.ts';
import { accessLogDays } from '../../lib/stack.ts';
import { lambdaNodeMajor } from '../../scripts/bench/bundles.ts';
import { tableDefinition } from '#adapters/dynamodb/table';
import { functionGroups, groupEntry, routeKey, routes, type FunctionGroupName } from '#routes';
import { needsSignIn } from '#model/access';

/** One finding of cdk-nag's AwsSolutions pack that nothing acknowledged: the rule and where. */
interface Finding {
  rule: string;
  path: string;
}

/**
 * Both stacks as `cdk synth` writes them, with cdk-nag's AwsSolutions checks run over the app as
 * CDK's policy validation (cdk-nag 3: `Validations.of(app).addPlugins`).
 */
function synthesize(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'satsning-synth-'));
  // with each function's asset path in its metadata, as the CDK CLI synthesizes
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true, ...context } });
  const [edge, main] = buildStacks(app, readSettings(app.node), { region: 'eu-north-1' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    // Findings make synth fail; they are read from the report below.
    if ((error as Error).name !== 'ValidationFailed' && !/Validation failed/.test(String(error))) throw error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const findings: Finding[] = report.pluginReports.flatMap((plugin: any) =>
    plugin.violations.flatMap((violation: any) => violation.violatingConstructs.map((construct: any) => ({ rule: violation.ruleName, path: construct.constructPath }))),
  );
  const template = (stack: Stack) => Template.fromJSON(JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')));
  return { app, edge: template(edge), main: template(main), findings, outdir };
}

describe('the CDK stack', () => {
  let template: Template;
  let app: App;
  let synthesized: ReturnType<typeof synthesize>;

  beforeAll(() => {
    // Act
    synthesized = synthesize();
    template = synthesized.main;
    app = synthesized.app;
  }, 120_000);

  it('leaves no finding of cdk-nag’s AwsSolutions checks unacknowledged', () => {
    expect(synthesized.findings).toEqual([]);
  });

  it('has every route of the route table, with the JWT authorizer exactly on the protected ones', () => {
    // Assess
    const deployed = template.findResources('AWS::ApiGatewayV2::Route');
    const byKey = new Map(Object.values(deployed).map((resource: any) => [resource.Properties.RouteKey, resource.Properties]));
    for (const route of routes) {
      const properties = byKey.get(routeKey(route));
      expect(properties, routeKey(route)).toBeDefined();
      if (needsSignIn(route.access)) expect(properties.AuthorizationType, routeKey(route)).toBe('JWT');
      else expect(properties.AuthorizationType ?? 'NONE', routeKey(route)).toBe('NONE');
    }
    expect(byKey.has('$default')).toBe(true);
    expect(byKey.size).toBe(routes.length + 1);
  });

  it('authorizes with Cognito ID tokens of the web client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'head' });
  });

  it('keeps the table safe: on-demand, point-in-time recovery, deletion protection, TTL and its GSIs', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('runs one arm64 Node 24 function per route group', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (resource: any) => /^satsning dev: /.test(resource.Properties.Description ?? ''),
    );
    expect(functions).toHaveLength(Object.keys(functionGroups).length);
    for (const fn of functions as any[]) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it("deploys each function's own bundle: index.mjs and the chunks it imports", () => {
    // Prepare
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (resource: any) => /^satsning dev: /.test(resource.Properties.Description ?? ''),
    ) as any[];

    // Act: the bundled directory of each, in the synthesized assembly
    const assets = functions.map((fn) => ({ handler: fn.Properties.Handler, dir: join(app.outdir, fn.Metadata['aws:asset:path']) }));

    // Assess: no two functions share a bundle (CDK reuses one for equal asset options), and every
    // chunk an entry imports is there
    expect(new Set(assets.map((asset) => asset.dir)).size).toBe(functions.length);
    for (const { handler, dir } of assets) {
      expect(handler).toBe('index.handler');
      const entry = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(entry).toMatch(/export\s*\{[^}]*\bhandler\b/);
      const chunks = [...entry.matchAll(/from\s*"\.\/([^"]+)"/g)].map((match) => match[1]!);
      for (const chunk of chunks) expect(existsSync(join(dir, chunk)), `${dir}: ${chunk}`).toBe(true);
    }
    // Every function with an SDK client has chunks: the code only `import()` reaches
    const withClients = Object.values(functionGroups).filter((group) => group.tableActions.length > 0).length;
    expect(assets.filter(({ dir }) => readdirSync(dir).length > 1)).toHaveLength(withClients);
  });

  it('runs its functions on the Node.js that esbuild targets, CI runs and the benchmark cold-starts them on', () => {
    // Prepare
    const pinnedNode = JSON.parse(readFileSync(new URL('../../scripts/node/package.json', import.meta.url), 'utf8'));
    const runtimes = new Set(
      Object.values(template.findResources('AWS::Lambda::Function'))
        .filter((resource: any) => /^satsning dev: /.test(resource.Properties.Description ?? ''))
        .map((resource: any) => resource.Properties.Runtime),
    );
    // Act
    const pinned = Object.values<string>(pinnedNode.optionalDependencies).map((version) => Number(version.split('.')[0]));
    // Assess
    expect([...runtimes].filter((runtime) => runtime !== `nodejs${lambdaNodeMajor}.x`)).toEqual([]);
    expect(pinned).toEqual([lambdaNodeMajor, lambdaNodeMajor]);
  });

  it('exports an async handler from every function: nodejs24.x no longer takes callback handlers', async () => {
    // Act: each group's module, as the stack bundles it
    const handlers = await Promise.all(
      Object.keys(functionGroups).map(async (group) => [group, (await import(`../../${groupEntry(group as FunctionGroupName)}`)).handler] as const),
    );

    // Assess: async, and no third (callback) parameter
    expect(handlers.length).toBe(Object.keys(functionGroups).length);
    expect(handlers.filter(([, handler]) => handler?.constructor.name !== 'AsyncFunction' || handler.length > 2).map(([group]) => group)).toEqual([]);
  });

  it('grants each function only the table actions its group declares', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const tableStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')),
    );
    const granted = new Set(tableStatements.flatMap((statement) => [statement.Action].flat()));
    const declared = new Set(Object.values(functionGroups).flatMap((group) => group.tableActions));
    expect(granted).toEqual(declared);
    expect(granted.has('dynamodb:Scan')).toBe(false);
    expect(granted.has('dynamodb:*')).toBe(false);
  });

  it('grants each function only the SES actions its group declares', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [string, any][];
    const sesActionsOf = (group: string) => {
      const own = policies.filter(([logicalId]) => logicalId.startsWith(`Fn${group}ServiceRoleDefaultPolicy`));
      const actions = own.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement.flatMap((statement: any) => [statement.Action].flat()));
      return [...new Set(actions.filter((action: string) => action.startsWith('ses:')))].sort();
    };
    for (const [group, spec] of Object.entries(functionGroups)) {
      expect([group, sesActionsOf(group)]).toEqual([group, [...spec.sesActions].sort()]);
    }
    // Lifting a suppression takes the address off SES's list, which only the feedback function may do.
    expect(sesActionsOf('feedback')).toEqual(['ses:DeleteSuppressedDestination']);
    expect(sesActionsOf('notify')).toEqual(['ses:SendEmail']);
  });

  it('runs the notification function every minute in Europe/Stockholm, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(* * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Stockholm',
      Target: Match.objectLike({
        Input: JSON.stringify({ at: '<aws.scheduler.scheduled-time>' }),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('raises alarms on API server errors, function errors and dead letters', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    const metrics = alarms.map((alarm) => alarm.Properties.MetricName);
    expect(metrics).toContain('5xx');
    expect(metrics.filter((name) => name === 'Errors')).toHaveLength(Object.keys(functionGroups).length);
    expect(metrics).toContain('ApproximateNumberOfMessagesVisible');
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('serves the site from a private bucket through CloudFront, the API on the same origin', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*' })],
      }),
    });
  });

  it('sends mail through an SES configuration set and identity from the settings', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'satsning-dev' });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: defaultSettings.senderAddress });
  });

  it('sends bounces and complaints through SNS to the feedback function, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: Match.anyValue() },
      }),
    });
    const feedbackFunction = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, resource]: [string, any]) =>
      String(resource.Properties.Description ?? '').includes(functionGroups.feedback.description),
    )![0];
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [feedbackFunction, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });
});

describe('the edge a security review signs', () => {
  let synthesized: ReturnType<typeof synthesize>;

  beforeAll(() => {
    // Act: with the municipality's own address ranges and threat protection set
    synthesized = synthesize({ trustedAddressRanges: '192.0.2.0/24,2001:db8::/32', threatProtection: 'true' });
  }, 120_000);

  it('puts a web ACL in us-east-1 on CloudFront, with a per-client rule for each public form and the managed rule groups', () => {
    // Assess: the ACL, in the edge stack, for CloudFront
    const acls = Object.values(synthesized.edge.findResources('AWS::WAFv2::WebACL')) as any[];
    expect(acls).toHaveLength(1);
    const acl = acls[0].Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    const rules = acl.Rules as any[];
    for (const limit of rateLimits) {
      const rule = rules.find((candidate) => candidate.Name === `per-client-${limit.name}`);
      expect(rule.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 60, Limit: limit.perMinute });
      const scope = JSON.stringify(rule.Statement.RateBasedStatement.ScopeDownStatement);
      expect(scope).toContain(limit.pathSuffix);
      expect(scope).toContain('NotStatement');
      // …and what it answers: 429, with a body in the API's error shape, in Swedish
      expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, CustomResponseBodyKey: 'too-many-requests' });
    }
    const body = acl.CustomResponseBodies['too-many-requests'];
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('Vänta en minut') } });
    const managed = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement).map((rule) => rule.Statement.ManagedRuleGroupStatement.Name);
    expect(managed.sort()).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    // The trusted ranges, in IP sets of their own
    const sets = (Object.values(synthesized.edge.findResources('AWS::WAFv2::IPSet')) as any[]).map((set) => set.Properties.Addresses);
    expect(sets.flat().sort()).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    // The distribution uses it
    synthesized.main.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: Match.anyValue() }) });
  });

  it('sends the API the origin header with the secret the functions require, from Secrets Manager', () => {
    // Assess: CloudFront's end…
    const distribution = (Object.values(synthesized.main.findResources('AWS::CloudFront::Distribution')) as any[])[0].Properties.DistributionConfig;
    const apiOrigin = distribution.Origins.find((origin: any) => origin.CustomOriginConfig);
    const header = apiOrigin.OriginCustomHeaders.find((candidate: any) => candidate.HeaderName === originHeader);
    const secrets = Object.keys(synthesized.main.findResources('AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    expect(JSON.stringify(header.HeaderValue)).toContain(`{{resolve:secretsmanager:`);
    expect(JSON.stringify(header.HeaderValue)).toContain(secrets[0]);
    // …and the functions' end: the same reference in every function's environment
    const functions = (Object.values(synthesized.main.findResources('AWS::Lambda::Function')) as any[]).filter((fn) => /^satsning dev: /.test(fn.Properties.Description ?? ''));
    for (const fn of functions) expect(fn.Properties.Environment.Variables.ORIGIN_SECRET).toEqual(header.HeaderValue);
  });

  it('sends the pages one CSP and the security headers, and the API no-store and frame-ancestors none', () => {
    const policies = (Object.values(synthesized.main.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as any[]).map((policy) => policy.Properties.ResponseHeadersPolicyConfig);
    const csp = (policy: any) => JSON.stringify(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    const pages = policies.find((policy) => csp(policy).includes("default-src 'self'"));
    const api = policies.find((policy) => csp(policy).includes("default-src 'none'"));
    // The pages' CSP is lib/edge.ts's, with Cognito's hosted UI as the one other origin it may call
    const [before, after] = contentSecurityPolicy('SIGN-IN').split('SIGN-IN');
    expect(csp(pages)).toContain(before!.replace(/'/g, "'"));
    expect(csp(pages)).toContain(after!);
    expect(csp(pages)).toContain('amazoncognito.com');
    expect(csp(pages)).not.toContain('unsafe-inline');
    for (const policy of [pages, api]) {
      expect(policy.SecurityHeadersConfig).toMatchObject({
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      });
    }
    expect(pages.CustomHeadersConfig.Items).toEqual([{ Header: 'Permissions-Policy', Value: permissionsPolicy, Override: true }]);
    expect(JSON.parse(csp(api))).toBe(apiHeaders['content-security-policy']);
    expect(api.CustomHeadersConfig.Items).toEqual([{ Header: 'Cache-Control', Value: 'no-store', Override: true }]);
    const behaviours = (Object.values(synthesized.main.findResources('AWS::CloudFront::Distribution')) as any[])[0].Properties.DistributionConfig;
    expect(behaviours.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    expect(behaviours.CacheBehaviors[0].ResponseHeadersPolicyId).toBeDefined();
  });

  it('requires MFA of everyone with a Cognito password, and threat protection when the setting asks', () => {
    synthesized.main.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('keeps access logs of the API stage, CloudFront and the site bucket, each with a retention', () => {
    const stage = (Object.values(synthesized.main.findResources('AWS::ApiGatewayV2::Stage')) as any[])[0].Properties;
    const format = JSON.parse(stage.AccessLogSettings.Format);
    expect(Object.keys(format)).toEqual(expect.arrayContaining(['requestId', 'route', 'status', 'latencyMs']));
    // no client address at the stage: behind CloudFront it would be CloudFront's
    expect(stage.AccessLogSettings.Format).not.toContain('sourceIp');
    const distribution = (Object.values(synthesized.main.findResources('AWS::CloudFront::Distribution')) as any[])[0].Properties.DistributionConfig;
    expect(distribution.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    const buckets = Object.values(synthesized.main.findResources('AWS::S3::Bucket')) as any[];
    expect(buckets.some((bucket) => bucket.Properties.LoggingConfiguration?.LogFilePrefix === 's3/')).toBe(true);
    const logBucket = buckets.find((bucket) => bucket.Properties.LifecycleConfiguration);
    expect(logBucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(accessLogDays);
    for (const group of Object.values(synthesized.main.findResources('AWS::Logs::LogGroup')) as any[]) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('leaves no finding of cdk-nag’s AwsSolutions checks unacknowledged with these settings either', () => {
    expect(synthesized.findings).toEqual([]);
  });
});

describe('what an operator watches and restores', () => {
  const copyVault = 'arn:aws:backup:eu-central-1:123456789012:backup-vault:satsning-kopia';
  let standard: ReturnType<typeof synthesize>;
  let options: ReturnType<typeof synthesize>;

  beforeAll(() => {
    standard = synthesize();
    options = synthesize({ logLevel: 'debug', tracing: 'true', backupCopyVaultArn: copyVault, existingTableName: 'satsning-prod-aterstalld' });
  }, 240_000);

  const functionsOf = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function')).map((resource: any) => resource.Properties).filter((fn: any) => typeof fn.Description === 'string' && fn.Description.startsWith('satsning'));

  it('logs JSON at the level the context sets, and traces only when it asks', () => {
    for (const fn of functionsOf(standard.main)) {
      expect(fn.LoggingConfig).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: expect.anything() });
      expect(fn.TracingConfig?.Mode).not.toBe('Active');
      expect(fn.Environment.Variables.SATSNING_STAGE).toBe('dev');
    }
    expect(functionsOf(standard.main)).toHaveLength(Object.keys(functionGroups).length);
    for (const fn of functionsOf(options.main)) {
      expect(fn.LoggingConfig.ApplicationLogLevel).toBe('DEBUG');
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('raises an alarm when the notification run has not run for 10 minutes, and when mail waits and none goes out', () => {
    const alarms = Object.values(standard.main.findResources('AWS::CloudWatch::Alarm')).map((alarm: any) => alarm.Properties);
    const notRunning = alarms.find((alarm) => alarm.MetricName === 'Invocations');
    expect(notRunning).toMatchObject({ Period: 600, Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    expect(JSON.stringify(notRunning.Dimensions)).toContain('Fnnotify');
    const stuck = alarms.find((alarm) => alarm.Metrics);
    expect(stuck.Metrics.find((metric: any) => metric.Expression).Expression).toBe('IF(deferred > 0 AND FILL(sent, 0) == 0, 1, 0)');
    expect(stuck.Metrics.filter((metric: any) => metric.MetricStat).map((metric: any) => metric.MetricStat.Metric.MetricName).sort()).toEqual(['MailsDeferred', 'MailsSent']);
    expect(stuck).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });

  it('shows the functions’ own metrics on a dashboard', () => {
    const dashboards = Object.values(standard.main.findResources('AWS::CloudWatch::Dashboard')) as any[];
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const metric of ['MailsSent', 'MailsFailed', 'MailsSuppressed', 'MailsDeferred', 'DelayFromDue', 'Applications', 'Decisions', 'ClientErrors']) expect(body).toContain(metric);
  });

  it('backs the table up daily and monthly into a locked vault, copied elsewhere when the context names a vault', () => {
    standard.main.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 400 } });
    standard.main.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    const plan = (Object.values(standard.main.findResources('AWS::Backup::BackupPlan')) as any[])[0].Properties.BackupPlan;
    expect(plan.BackupPlanRule.map((rule: any) => [rule.RuleName, rule.Lifecycle.DeleteAfterDays, rule.CopyActions])).toEqual([
      ['Daily', 35, undefined],
      ['Monthly', 365, undefined],
    ]);
    const selection = (Object.values(standard.main.findResources('AWS::Backup::BackupSelection')) as any[])[0].Properties.BackupSelection;
    expect(JSON.stringify(selection.Resources)).toContain('Table');
    const copied = (Object.values(options.main.findResources('AWS::Backup::BackupPlan')) as any[])[0].Properties.BackupPlan;
    expect(copied.BackupPlanRule.map((rule: any) => rule.CopyActions)).toEqual([
      [{ DestinationBackupVaultArn: copyVault, Lifecycle: { DeleteAfterDays: 35 } }],
      [{ DestinationBackupVaultArn: copyVault, Lifecycle: { DeleteAfterDays: 365 } }],
    ]);
  });

  it('runs on a restored table by name, creating none, and grants the functions that table', () => {
    expect(options.main.findResources('AWS::DynamoDB::Table')).toEqual({});
    const policies = JSON.stringify(options.main.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('table/satsning-prod-aterstalld/index/*');
    const selection = JSON.stringify(options.main.findResources('AWS::Backup::BackupSelection'));
    expect(selection).toContain('table/satsning-prod-aterstalld');
    expect(functionsOf(options.main)[0].Environment.Variables.TABLE_NAME).toBe('satsning-prod-aterstalld');
  });

  it('leaves no finding of cdk-nag’s AwsSolutions checks unacknowledged with those settings', () => {
    expect(options.findings).toEqual([]);
  });
});

describe('sign-in with the municipality’s accounts', () => {
  const entra = { headEmailDomains: 'trollhattan.se', adminGroupIds: '5f1c2a9e-7d1b-4b8e-9c3a-2e4f6a8b0c1d' };
  let saml: ReturnType<typeof synthesize>;
  let oidc: ReturnType<typeof synthesize>;
  let none: ReturnType<typeof synthesize>;

  beforeAll(() => {
    saml = synthesize({ ...entra, samlMetadataUrl: 'https://login.microsoftonline.com/TENANT/federationmetadata/2007-06/federationmetadata.xml?appid=APP' });
    oidc = synthesize({ ...entra, oidcIssuer: 'https://login.microsoftonline.com/TENANT/v2.0', oidcClientId: 'APP', oidcClientSecretName: 'satsning/entra' });
    none = synthesize();
  }, 360_000);

  const clients = (template: Template) => Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map((client: any) => client.Properties);

  it('adds the SAML provider, with the e-mail and the groups mapped from Entra’s claims, and offers only it', () => {
    saml.main.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderType: 'SAML',
      ProviderName: 'Kommunen',
      ProviderDetails: Match.objectLike({ MetadataURL: Match.stringLikeRegexp('federationmetadata') }),
      AttributeMapping: {
        email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
        'custom:idp_groups': 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
      },
    });
    const [web, breakGlass] = clients(saml.main);
    const provider = Object.keys(saml.main.findResources('AWS::Cognito::UserPoolIdentityProvider'))[0];
    expect(web.SupportedIdentityProviders).toEqual([{ Ref: provider }]);
    expect(breakGlass.SupportedIdentityProviders).toEqual(['COGNITO']);
    const authorizer = (Object.values(saml.main.findResources('AWS::ApiGatewayV2::Authorizer')) as any[])[0].Properties;
    expect(authorizer.JwtConfiguration.Audience).toHaveLength(2);
  });

  it('adds the OIDC provider with its secret from Secrets Manager, in no template', () => {
    oidc.main.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({ oidc_issuer: 'https://login.microsoftonline.com/TENANT/v2.0', client_id: 'APP', client_secret: '{{resolve:secretsmanager:satsning/entra:SecretString:::}}' }),
      AttributeMapping: { email: 'email', 'custom:idp_groups': 'groups' },
    });
  });

  it('maps administrators with a pre-token-generation trigger of its own, told the groups and the domains', () => {
    const pool = (Object.values(saml.main.findResources('AWS::Cognito::UserPool')) as any[])[0].Properties;
    expect(pool.LambdaConfig.PreTokenGeneration).toBeDefined();
    expect(pool.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'idp_groups', Mutable: true })]));
    const trigger = Object.values(saml.main.findResources('AWS::Lambda::Function')).map((fn: any) => fn.Properties).find((fn: any) => fn.Environment?.Variables?.ADMIN_GROUP_IDS);
    expect(trigger.Environment.Variables).toEqual({ ADMIN_GROUP_IDS: entra.adminGroupIds, HEAD_EMAIL_DOMAINS: 'trollhattan.se' });
    expect(trigger.Runtime).toBe('nodejs24.x');
  });

  it('keeps Cognito passwords, with MFA, and no provider or trigger, when none is set', () => {
    expect(none.main.findResources('AWS::Cognito::UserPoolIdentityProvider')).toEqual({});
    expect(clients(none.main).map((client) => client.SupportedIdentityProviders)).toEqual([['COGNITO']]);
    const pool = (Object.values(none.main.findResources('AWS::Cognito::UserPool')) as any[])[0].Properties;
    expect(pool.LambdaConfig).toBeUndefined();
    expect(pool.MfaConfiguration).toBe('ON');
  });

  it('leaves no finding of cdk-nag’s AwsSolutions checks unacknowledged with either provider', () => {
    expect(saml.findings).toEqual([]);
    expect(oidc.findings).toEqual([]);
  });

  it('refuses a provider without the municipality’s domains or its administrators’ group, and two providers', () => {
    expect(() => readSettings(new App({ context: { samlMetadataUrl: 'https://idp.example/metadata', adminGroupIds: 'x' } }).node)).toThrow(/headEmailDomains/);
    expect(() => readSettings(new App({ context: { samlMetadataUrl: 'https://idp.example/metadata', headEmailDomains: 'kommun.se' } }).node)).toThrow(/adminGroupIds/);
    expect(() => readSettings(new App({ context: { ...entra, samlMetadataUrl: 'https://idp.example/metadata', oidcIssuer: 'https://idp.example' } }).node)).toThrow(/not both/);
  });
});

describe('deployment settings', () => {
  it('refuse an address range that is not one', () => {
    const app = new App({ context: { trustedAddressRanges: '10.0.0.0/8,skolan' } });
    expect(() => readSettings(app.node)).toThrow(/skolan/);
  });

  it('use the documented defaults when no context is given', () => {
    expect(readSettings(new App().node)).toEqual(defaultSettings);
  });

  it('refuse a custom domain without a certificate', () => {
    const app = new App({ context: { domain: 'satsning.example.se' } });
    expect(() => readSettings(app.node)).toThrow(/certificateArn/);
  });
});
