/**
 * The web ACL in front of CloudFront. WAF for CloudFront lives in us-east-1 (scope CLOUDFRONT)
 * while the rest of the system is in eu-north-1, so it is a small stack of its own in the same
 * app: `npx cdk deploy --all` deploys both, this one first, and the main stack reads its ARN
 * through CDK's cross-region references (README, "Säkerhet").
 */
import { Stack, type StackProps, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { rateLimits, rateWindowSeconds, tooManyRequests } from './edge.ts';
import type { StackSettings } from './config.ts';

export interface EdgeStackProps extends StackProps {
  settings: StackSettings;
}

const tooManyBody = 'too-many-requests';

export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `satsning-${settings.stage}-${name}`,
      sampledRequestsEnabled: true,
    });

    // The municipality's own address ranges pass the rate rules (not the managed ones).
    const byVersion: [string, string[]][] = [
      ['Ipv4', settings.trustedAddressRanges.filter((range) => !range.includes(':'))],
      ['Ipv6', settings.trustedAddressRanges.filter((range) => range.includes(':'))],
    ];
    const trusted = byVersion
      .filter(([, ranges]) => ranges.length > 0)
      .map(
        ([version, ranges]) =>
          new wafv2.CfnIPSet(this, `Trusted${version}`, {
            name: `satsning-${settings.stage}-trusted-${version.toLowerCase()}`,
            description: 'The municipality own address ranges - let past the per-client limits',
            scope: 'CLOUDFRONT',
            ipAddressVersion: version.toUpperCase(),
            addresses: ranges,
          }),
      );
    const notTrusted: wafv2.CfnWebACL.StatementProperty[] = trusted.map((set) => ({
      notStatement: { statement: { ipSetReferenceStatement: { arn: set.attrArn } } },
    }));

    const textMatch = (field: wafv2.CfnWebACL.FieldToMatchProperty, value: string, positionalConstraint: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: { fieldToMatch: field, searchString: value, positionalConstraint, textTransformations: [{ priority: 0, type: 'NONE' }] },
    });

    const rateRules: wafv2.CfnWebACL.RuleProperty[] = rateLimits.map((limit, index) => ({
      name: `per-client-${limit.name}`,
      priority: index,
      action: { block: { customResponse: { responseCode: tooManyRequests.status, customResponseBodyKey: tooManyBody, responseHeaders: [{ name: 'retry-after', value: String(tooManyRequests.retryAfterSeconds) }] } } },
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'IP',
          evaluationWindowSec: rateWindowSeconds,
          limit: limit.perMinute,
          scopeDownStatement: {
            andStatement: {
              statements: [
                textMatch({ method: {} }, limit.method, 'EXACTLY'),
                textMatch({ uriPath: {} }, '/api/programmes/', 'STARTS_WITH'),
                textMatch({ uriPath: {} }, limit.pathSuffix, 'ENDS_WITH'),
                ...notTrusted,
              ],
            },
          },
        },
      },
      visibilityConfig: visibility(`rate-${limit.name}`),
    }));

    const managed = (name: string, priority: number, overrides: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(overrides.length > 0 ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `satsning-${settings.stage}`,
      description: 'satsning - per-client limits on the public forms, and AWS managed rule groups',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies: { [tooManyBody]: { contentType: 'APPLICATION_JSON', content: tooManyRequests.body } },
      rules: [
        ...rateRules,
        managed('AWSManagedRulesAmazonIpReputationList', rateRules.length),
        // The programme form and the unit list may be up to 64 KiB; the rule set's own body limit is 8 KiB.
        managed('AWSManagedRulesCommonRuleSet', rateRules.length + 1, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', rateRules.length + 2),
      ],
      visibilityConfig: visibility('web-acl'),
    });
    this.webAclArn = webAcl.attrArn;
  }
}
