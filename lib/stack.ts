/**
 * The production stack, built from the same route table and table definition the local platform
 * serves: HTTP API + one function per route group, the DynamoDB table, the scheduled notification
 * run, SES, Cognito, the static site behind CloudFront, and the alarms an operator needs.
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import {
  AssetHashType,
  CfnOutput,
  type CfnElement,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  TimeZone,
  Token,
  Validations,
  type StackProps,
  aws_apigateway as apigateway,
  aws_apigatewayv2 as apigw,
  aws_apigatewayv2_authorizers as authorizers,
  aws_apigatewayv2_integrations as integrations,
  aws_certificatemanager as acm,
  aws_cloudfront as cloudfront,
  aws_cloudfront_origins as origins,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  aws_cognito as cognito,
  aws_dynamodb as dynamodb,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_destinations as destinations,
  aws_logs as logs,
  aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  aws_s3_deployment as s3deploy,
  aws_scheduler as scheduler,
  aws_scheduler_targets as schedulerTargets,
  aws_ses as ses,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { tableDefinition } from '../lambdas/adapters/dynamodb/table.ts';
import { notPublished, renderedPages } from './pages.ts';
import { needsSignIn } from '../lambdas/model/access.ts';
import {
  fallbackGroup,
  feedbackGroup,
  functionGroups,
  groupEntry,
  routes,
  scheduledGroup,
  timeoutOf,
  type FunctionGroupName,
  type SesAction,
} from '../lambdas/routes.ts';
import { pageRewrites } from '../lambdas/site.ts';
import type { StackSettings } from './config.ts';
import { functionBuild, lambdaHandler } from './bundling.ts';
import { Backups } from './backups.ts';
import { Observability } from './observability.ts';
import { FederatedSignIn } from './federation.ts';
import { groupsAttribute } from '../lambdas/triggers/federatedSignIn.ts';

/** The pre-token-generation trigger's entry: a bundle of its own. */
export const federatedSignInEntry = 'lambdas/triggers/federatedSignIn.ts';
import { apiHeaders, contentSecurityPolicy, originHeader, permissionsPolicy, strictTransportSecurity } from './edge.ts';

const repositoryRoot = join(import.meta.dirname, '..');

/** How long CloudFront's and the site bucket's access logs are kept: they hold visitors' addresses. */
export const accessLogDays = 30;

/**
 * A function group's code: its entry bundled by esbuild (lib/bundling.ts) into the asset's
 * directory, an `index.mjs` and the chunks it imports. NodejsFunction writes one file only
 * (`--outfile`), and one file cost every cold start a third of its load (docs/performance.md).
 * esbuild runs here, from node_modules, so synth needs neither Docker nor network; the image is
 * never started, as NodejsFunction's is not when esbuild is installed.
 */
function bundledCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(repositoryRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('dummy'),
      // CDK reuses one bundle for assets of equal directory and options, and `tryBundle` is not
      // compared: the entry in the options tells the functions apart.
      environment: { ENTRY: entry },
      local: {
        tryBundle(outputDir) {
          buildSync(functionBuild(repositoryRoot, { path: join(repositoryRoot, entry) }, outputDir));
          return true;
        },
      },
    },
  });
}

export interface SatsningStackProps extends StackProps {
  settings: StackSettings;
  /** the web ACL in front of CloudFront (lib/edgeStack.ts, in us-east-1) */
  webAclArn?: string;
}

export class SatsningStack extends Stack {
  constructor(scope: Construct, id: string, props: SatsningStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // Database: one table, keys and indexes from lambdas/adapters/dynamodb/table.ts; or, after a
    // restore, the table the restore created (docs/restore.md), taken as it is.
    const table: dynamodb.ITable = settings.existingTableName
      ? dynamodb.Table.fromTableAttributes(this, 'Table', { tableName: settings.existingTableName, grantIndexPermissions: true })
      : newTable(this);
    const tableArnInFindings = settings.existingTableName
      ? `arn:<AWS::Partition>:dynamodb:${Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region}:<AWS::AccountId>:table/${settings.existingTableName}`
      : `<${this.getLogicalId(table.node.defaultChild as CfnElement)}.Arn>`;
    new Backups(this, 'Backups', { stage: settings.stage, table, copyVaultArn: settings.backupCopyVaultArn });

    // Alarms go to one topic; an operator subscribes by e-mail through context.
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: `satsning ${settings.stage} larm`, enforceSSL: true });
    if (settings.alarmEmail) alarmTopic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
    const alarmAction = new cloudwatchActions.SnsAction(alarmTopic);

    // E-mail: the sender identity and a configuration set that carries bounce/complaint events.
    const configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: `satsning-${settings.stage}`,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: settings.senderDomain
        ? ses.Identity.domain(settings.senderDomain)
        : ses.Identity.email(settings.senderAddress),
      configurationSet,
    });

    // Access logs of CloudFront and of the site's bucket. They hold visitors' addresses, so they
    // are kept 30 days (README, "Personal data").
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(accessLogDays) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: 'The access-log bucket itself: logging it would log the logs.' });

    // The site: a private bucket behind CloudFront; /api/* goes to the HTTP API on the same origin.
    const siteBucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const api = new apigw.HttpApi(this, 'Api', {
      apiName: `satsning-${settings.stage}`,
      description: 'satsning: ansökan, beslut, uppföljning',
      createDefaultStage: false,
    });
    // Behind CloudFront the stage sees CloudFront's address, not the visitor's, and a format cannot
    // transform values: so no address at all, only what an operator needs to follow a request.
    const apiAccessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(apiAccessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            errorMessage: '$context.error.message',
          }),
        ),
      },
    });

    // The secret CloudFront sends in the origin header, and the functions require (lib/edge.ts).
    const originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `satsning ${settings.stage}: the header CloudFront sends the API, so that the API answers only through CloudFront`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'CloudFront and the functions read it at deploy: rotate it by putting a new value and deploying again (README, "Säkerhet"), not by a rotation Lambda.',
    });

    // Sign-in for heads and administrators: MFA for everyone with a Cognito password.
    const userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `satsning-${settings.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // What the municipality's identity provider says of a user's groups or app roles (lib/federation.ts).
      customAttributes: { [groupsAttribute.replace(/^custom:/, '')]: new cognito.StringAttribute({ mutable: true, maxLen: 2048 }) },
      // Length over composition (NIST SP 800-63B): a long passphrase, no rules on its characters.
      passwordPolicy: { minLength: 14, requireSymbols: false, requireDigits: false, requireUppercase: false, requireLowercase: false },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: settings.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(settings.threatProtection ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      removalPolicy: settings.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG1',
      reason: 'Length over composition (NIST SP 800-63B): at least 14 characters, no rules on which, which lead to predictable passwords.',
    });
    if (!settings.threatProtection) {
      Validations.of(userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: 'Threat protection needs the Plus feature plan, billed per monthly active user: the context setting threatProtection turns it on (README, "Säkerhet").',
      });
    }
    const signInDomain = userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: `satsning-${settings.stage}-${this.account}` },
    });

    // One security-header policy for the pages and one for the API, from lib/edge.ts (the local gateway sends the same).
    const securityHeaders = (name: string, csp: string, extra: cloudfront.ResponseCustomHeader[]) =>
      new cloudfront.ResponseHeadersPolicy(this, name, {
        comment: `satsning ${settings.stage}: ${name}`,
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.seconds(strictTransportSecurity.maxAgeSeconds), includeSubdomains: true, override: true },
        },
        customHeadersBehavior: { customHeaders: extra },
      });
    const pageHeadersPolicy = securityHeaders('PageHeaders', contentSecurityPolicy(signInDomain.baseUrl()), [
      { header: 'Permissions-Policy', value: permissionsPolicy, override: true },
    ]);
    const apiHeadersPolicy = securityHeaders('ApiHeaders', apiHeaders['content-security-policy'], [
      { header: 'Cache-Control', value: apiHeaders['cache-control'], override: true },
    ]);

    const siteUrl = settings.domain ? `https://${settings.domain}` : undefined;
    const distribution = new cloudfront.Distribution(this, 'Site', {
      comment: `satsning ${settings.stage}`,
      defaultRootObject: 'index.html',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(settings.domain && settings.certificateArn
        ? {
            domainNames: [settings.domain],
            certificate: acm.Certificate.fromCertificateArn(this, 'SiteCertificate', settings.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: pageHeadersPolicy,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'PageRewrites', {
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              comment: 'Pretty page paths (lambdas/site.ts)',
              code: cloudfront.FunctionCode.fromInline(rewriteFunctionSource()),
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(`${api.apiId}.execute-api.${this.region}.amazonaws.com`, {
            customHeaders: { [originHeader]: originSecret.secretValue.unsafeUnwrap() },
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeadersPolicy,
        },
      },
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html' }],
    });
    const publicSiteUrl = siteUrl ?? `https://${distribution.distributionDomainName}`;
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'No geographic restriction: applicants and staff may be anywhere (on leave abroad, say); the web ACL limits what any client can do.',
    });
    if (!settings.domain) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: "CloudFront's own domain and certificate take no minimum TLS version; with the settings domain and certificateArn the distribution requires TLS 1.2.",
      });
    }

    for (const [groupName, description] of [
      ['admin', 'Administratörer på utbildningsförvaltningen'],
      ['head', 'Rektorer och förskolechefer'],
    ] as const) {
      new cognito.CfnUserPoolGroup(this, `Group-${groupName}`, { userPoolId: userPool.userPoolId, groupName, description });
    }
    // With the municipality's identity provider, the hosted UI offers only it; a second client with
    // Cognito passwords (and MFA) is the break-glass way in (/logga-in.html?reserv=1, README).
    const federated = settings.federation
      ? new FederatedSignIn(this, 'Federation', {
          stage: settings.stage,
          userPool,
          federation: settings.federation,
          triggerCode: bundledCode(federatedSignInEntry),
        })
      : undefined;
    // A client names its provider by a reference to it: CloudFormation creates the provider first.
    const client = (id: string, providers: cognito.UserPoolClientIdentityProvider[]) =>
      userPool.addClient(id, {
        authFlows: { userSrp: true },
        preventUserExistenceErrors: true,
        idTokenValidity: Duration.hours(1),
        supportedIdentityProviders: providers,
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
          callbackUrls: [`${publicSiteUrl}/logga-in.html`],
          logoutUrls: [`${publicSiteUrl}/`],
        },
      });
    const webClient = client('WebClient', [federated ? federated.provider : cognito.UserPoolClientIdentityProvider.COGNITO]);
    const breakGlassClient = federated ? client('BreakGlassClient', [cognito.UserPoolClientIdentityProvider.COGNITO]) : undefined;
    // The pages learn how to sign in from config.json (locally the gateway answers it).
    // The pages with their shared head, navigation and footer filled in (lib/pages.ts), in place of the files.
    const webRoot = join(repositoryRoot, 'web');
    new s3deploy.BucketDeployment(this, 'SiteContent', {
      sources: [
        s3deploy.Source.asset(webRoot, { exclude: ['*.html', ...notPublished] }),
        ...renderedPages(webRoot, settings.organisation).map((page) => s3deploy.Source.data(page.fileName, page.html)),
        s3deploy.Source.jsonData('config.json', {
          signIn: 'cognito',
          signInUrl: signInDomain.baseUrl(),
          clientId: webClient.userPoolClientId,
          // Straight to the municipality's sign-in, past the hosted UI's own page.
          ...(breakGlassClient && settings.federation ? { identityProvider: settings.federation.name, breakGlassClientId: breakGlassClient.userPoolClientId } : {}),
        }),
      ],
      destinationBucket: siteBucket,
      distribution,
      distributionPaths: ['/*'],
    });
    const authorizer = new authorizers.HttpUserPoolAuthorizer('Cognito', userPool, {
      userPoolClients: [webClient, ...(breakGlassClient ? [breakGlassClient] : [])],
      identitySource: ['$request.header.Authorization'],
    });

    // One function per route group, each granted only the table and SES actions its group declares.
    const environment = {
      TABLE_NAME: table.tableName,
      MAIL_FROM: settings.senderAddress,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      SITE_URL: publicSiteUrl,
      SES_RATE_PER_SECOND: String(settings.sesRatePerSecond),
      // the metrics' dimension (lambdas/adapters/metrics.ts)
      SATSNING_STAGE: settings.stage,
      MAIL_CAP_PER_PROGRAMME_MINUTES: String(settings.mailCapPerProgrammeMinutes),
      MAIL_CAP_PER_DAY: String(settings.mailCapPerDay),
      PUBLIC_FORM_ANSWER_MS: String(settings.publicFormAnswerMs),
      // Resolved by CloudFormation at deploy (a dynamic reference): the value is not in the template.
      ORIGIN_SECRET: originSecret.secretValue.unsafeUnwrap(),
    };
    const functions = new Map<FunctionGroupName, lambda.Function>();
    for (const [group, spec] of Object.entries(functionGroups) as [FunctionGroupName, (typeof functionGroups)[FunctionGroupName]][]) {
      const fn = new lambda.Function(this, `Fn-${group}`, {
        description: `satsning ${settings.stage}: ${spec.description}`,
        code: bundledCode(groupEntry(group)),
        handler: lambdaHandler,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(timeoutOf(group)),
        environment,
        // JSON lines at the context's level: the functions write their own JSON (lambdas/adapters/log.ts).
        loggingFormat: lambda.LoggingFormat.JSON,
        applicationLogLevelV2: lambda.ApplicationLogLevel[settings.logLevel],
        systemLogLevelV2: lambda.SystemLogLevel.WARN,
        tracing: settings.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
        logGroup: new logs.LogGroup(this, `Logs-${group}`, {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      });
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "Lambda's basic execution role: writing the function's own logs, nothing else.",
      });
      if (settings.tracing) {
        Validations.of(fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'X-Ray tracing (the tracing setting): xray:PutTraceSegments and PutTelemetryRecords take no resource.',
        });
      }
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'nodejs24.x, the LTS line the functions are built, tested and measured on (docs/performance.md); a move to nodejs26.x is a change of its own.',
      });
      if (spec.tableActions.length > 0) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: [...spec.tableActions],
            resources: [table.tableArn, `${table.tableArn}/index/*`],
          }),
        );
        Validations.of(fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${tableArnInFindings}/index/*]`,
          reason: "The table's own indexes (gsi1–gsi3), with only the actions the function's group declares.",
        });
      }
      const sesActions: readonly SesAction[] = spec.sesActions;
      if (sesActions.includes('ses:SendEmail')) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity.emailIdentityName}`,
              `arn:${this.partition}:ses:${this.region}:${this.account}:configuration-set/${configurationSet.configurationSetName}`,
            ],
          }),
        );
      }
      if (sesActions.includes('ses:DeleteSuppressedDestination')) {
        // The suppression list is the account's: the action has no resource to name.
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:DeleteSuppressedDestination'], resources: ['*'] }));
        Validations.of(fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: "ses:DeleteSuppressedDestination acts on the account's suppression list, which has no resource ARN.",
        });
      }
      new cloudwatch.Alarm(this, `Errors-${group}`, {
        alarmDescription: `satsning ${settings.stage}: funktionen ${group} ger fel`,
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
      functions.set(group, fn);
    }
    const fn = (group: FunctionGroupName) => functions.get(group)!;

    // Routes, from the route table; whatever matches none goes to the fallback (404/405 in our shape).
    const integrationOf = new Map<FunctionGroupName, integrations.HttpLambdaIntegration>();
    const integration = (group: FunctionGroupName) => {
      let found = integrationOf.get(group);
      if (!found) {
        found = new integrations.HttpLambdaIntegration(`Integration-${group}`, fn(group));
        integrationOf.set(group, found);
      }
      return found;
    };
    for (const route of routes) {
      const deployed = new apigw.HttpRoute(this, `Route ${route.method} ${route.path}`, {
        httpApi: api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: integration(route.group),
        ...(needsSignIn(route.access) ? { authorizer } : {}),
      });
      if (!needsSignIn(route.access)) {
        Validations.of(deployed).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `Public by design (access: ${route.access.join(', ')} in lambdas/routes.ts): the pages, applying, an applicant's private link (checked by the function) or a watcher's token; per-client limits in the web ACL.`,
        });
      }
    }
    const fallbackRoute = new apigw.HttpRoute(this, 'Route $default', {
      httpApi: api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: integration(fallbackGroup),
    });
    Validations.of(fallbackRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'Answers what no route matched with 404 or 405: nothing to protect.' });

    new cloudwatch.Alarm(this, 'Api5xx', {
      alarmDescription: `satsning ${settings.stage}: API:t svarar med serverfel`,
      metric: stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarmAction);

    // The notification run: every minute, Europe/Stockholm, told its scheduled time.
    const deadLetters = new sqs.Queue(this, 'NotificationDeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'It is the dead-letter queue: what lands here raises the alarm.' });
    const notifyFunction = fn(scheduledGroup);
    // Scheduler invokes asynchronously: a run that fails after Lambda's retries lands in the queue.
    notifyFunction.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.minutes(30),
      onFailure: new destinations.SqsDestination(deadLetters),
    });
    new scheduler.Schedule(this, 'NotifyEveryMinute', {
      description: 'satsning: e-postnotiser som är på tur',
      schedule: scheduler.ScheduleExpression.cron({ minute: '*', timeZone: TimeZone.of('Europe/Stockholm') }),
      target: new schedulerTargets.LambdaInvoke(notifyFunction, {
        input: scheduler.ScheduleTargetInput.fromObject({ at: scheduler.ContextAttribute.scheduledTime }),
        deadLetterQueue: deadLetters,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
      }),
    });
    new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: `satsning ${settings.stage}: notiskörningar har misslyckats (se kön)`,
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarmAction);

    new Observability(this, 'Observability', { stage: settings.stage, functions, notifyFunction, apiStage: stage, alarmAction });

    // Bounces and complaints: the configuration set publishes them to a topic; the feedback
    // function suppresses the address. What it cannot handle lands in the dead-letter queue.
    const feedbackTopic = new sns.Topic(this, 'MailFeedback', {
      displayName: `satsning ${settings.stage} studsar och klagomål`,
      enforceSSL: true,
    });
    feedbackTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        resources: [feedbackTopic.topicArn],
        conditions: { StringEquals: { 'AWS:SourceAccount': this.account } },
      }),
    );
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(feedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    feedbackTopic.addSubscription(new subscriptions.LambdaSubscription(fn(feedbackGroup), { deadLetterQueue: deadLetters }));
    fn(feedbackGroup).configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(deadLetters),
    });

    // What CDK adds on its own, at the stack's top: the site's deployment provider and the schedule's role.
    for (const child of this.node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        const siteBucketId = this.getLogicalId(siteBucket.node.defaultChild as CfnElement);
        const findings = [
          'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => `IAM5[Action::${action}]`),
          'IAM5[Resource::*]',
          `IAM5[Resource::<${siteBucketId}.Arn>/*]`,
          `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}/*]`,
          'L1',
        ];
        for (const finding of findings) {
          Validations.of(child).acknowledge({
            id: `AwsSolutions-${finding}`,
            reason: "CDK's own provider for copying the pages to the site's bucket (BucketDeployment), as CDK defines it; it runs only at deploy.",
          });
        }
      }
      if (child.node.id.startsWith('SchedulerRoleForTarget')) {
        Validations.of(child).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(notifyFunction.node.defaultChild as CfnElement)}.Arn>:*]`,
          reason: "The schedule's role may invoke the notification function's versions and aliases, as CDK's LambdaInvoke target grants it.",
        });
      }
    }

    new CfnOutput(this, 'SiteUrl', { value: publicSiteUrl });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    if (breakGlassClient) new CfnOutput(this, 'BreakGlassClientId', { value: breakGlassClient.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', { value: signInDomain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}

/** The table, as lambdas/adapters/dynamodb/table.ts defines it, kept safe: PITR, deletion protection, retained. */
function newTable(scope: Construct): dynamodb.Table {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: tableDefinition.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: tableDefinition.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of tableDefinition.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}

/** CloudFront Function source: the same prefix → page rewrites the local gateway applies. */
function rewriteFunctionSource(): string {
  return `var rewrites = ${JSON.stringify(pageRewrites)};
function handler(event) {
  var request = event.request;
  for (var i = 0; i < rewrites.length; i++) {
    if (request.uri.indexOf(rewrites[i].prefix) === 0) { request.uri = rewrites[i].page; return request; }
  }
  return request;
}`;
}
