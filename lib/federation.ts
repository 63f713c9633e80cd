/**
 * Staff sign in with the municipality's own accounts: its identity provider (Microsoft Entra ID,
 * or the municipality's own IdP as registered in Skolfederation) added to the user pool, by SAML
 * or OIDC. The hosted UI then offers only that provider; the e-mail comes from the provider's
 * claim, so heads are still matched by e-mail; administrators are whom the provider's groups or
 * app roles say, through the pre-token-generation trigger (lambdas/triggers/federatedSignIn.ts).
 * MFA for these users is the provider's (Entra's Conditional Access): Cognito applies its own
 * only to users with a Cognito password.
 */
import { readFileSync } from 'node:fs';
import { Duration, SecretValue, Validations, aws_cognito as cognito, aws_lambda as lambda, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { groupsAttribute } from '../lambdas/triggers/federatedSignIn.ts';
import type { Federation } from './config.ts';
import { lambdaHandler } from './bundling.ts';

export interface FederatedSignInProps {
  stage: string;
  userPool: cognito.UserPool;
  federation: Federation;
  /** the trigger's own bundle */
  triggerCode: lambda.Code;
}

export class FederatedSignIn extends Construct {
  readonly provider: cognito.UserPoolClientIdentityProvider;
  readonly trigger: lambda.Function;

  constructor(scope: Construct, id: string, props: FederatedSignInProps) {
    super(scope, id);
    const { federation, userPool } = props;
    const attributeMapping: cognito.AttributeMapping = {
      email: cognito.ProviderAttribute.other(federation.emailClaim),
      // CDK writes the custom mapping's keys as given: the attribute's full name, custom: included.
      custom: { [groupsAttribute]: cognito.ProviderAttribute.other(federation.groupsClaim) },
    };
    const protocol = federation.protocol;
    const idp =
      protocol.kind === 'saml'
        ? new cognito.UserPoolIdentityProviderSaml(this, 'Saml', {
            userPool,
            name: federation.name,
            metadata: protocol.metadataUrl
              ? cognito.UserPoolIdentityProviderSamlMetadata.url(protocol.metadataUrl)
              : cognito.UserPoolIdentityProviderSamlMetadata.file(readFileSync(protocol.metadataFile!, 'utf8')),
            attributeMapping,
            idpSignout: true,
          })
        : new cognito.UserPoolIdentityProviderOidc(this, 'Oidc', {
            userPool,
            name: federation.name,
            issuerUrl: protocol.issuer,
            clientId: protocol.clientId,
            // A dynamic reference: CloudFormation resolves it at deploy, so the secret is in no template.
            clientSecret: SecretValue.secretsManager(protocol.clientSecretName).unsafeUnwrap(),
            scopes: ['openid', 'email', 'profile'],
            attributeMapping,
          });
    this.provider = cognito.UserPoolClientIdentityProvider.custom(idp.providerName);

    this.trigger = new lambda.Function(this, 'Trigger', {
      description: `satsning ${props.stage}: inloggning via kommunens konton (administratörer, e-postdomäner)`,
      code: props.triggerCode,
      handler: lambdaHandler,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(5),
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ADMIN_GROUP_IDS: federation.adminGroupIds.join(','), HEAD_EMAIL_DOMAINS: federation.headEmailDomains.join(',') },
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY }),
    });
    Validations.of(this.trigger).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "Lambda's basic execution role: writing the function's own logs, nothing else.",
    });
    Validations.of(this.trigger).acknowledge({ id: 'AwsSolutions-L1', reason: 'nodejs24.x, as every function of the stack.' });
    userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, this.trigger);
  }
}
