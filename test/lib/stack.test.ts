import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, readSettings } from '../../lib/config.ts';
import { SatsningStack } from '../../lib/stack.ts';
import { lambdaNodeMajor } from '../../scripts/bench/bundles.ts';
import { tableDefinition } from '#adapters/table';
import { functionGroups, groupEntry, routeKey, routes, type FunctionGroupName } from '#routes';
import { needsSignIn } from '#domain/access';

describe('the CDK stack', () => {
  let template: Template;
  let app: App;

  beforeAll(() => {
    // Prepare
    // with each function's asset path in its metadata, as the CDK CLI synthesizes
    app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new SatsningStack(app, 'Test', { settings: defaultSettings, env: { region: 'eu-north-1' } });
    // Act
    template = Template.fromStack(stack);
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

describe('deployment settings', () => {
  it('use the documented defaults when no context is given', () => {
    expect(readSettings(new App().node)).toEqual(defaultSettings);
  });

  it('refuse a custom domain without a certificate', () => {
    const app = new App({ context: { domain: 'satsning.example.se' } });
    expect(() => readSettings(app.node)).toThrow(/certificateArn/);
  });
});
