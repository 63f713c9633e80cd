/**
 * The app's stacks: the web ACL in us-east-1, where WAF for CloudFront must be, and the system in
 * its own region. Built here for the CDK app (bin/app.ts) and the stack test alike.
 */
import type { App, Environment, Stack } from 'aws-cdk-lib';
import type { StackSettings } from './config.ts';
import { EdgeStack } from './edgeStack.ts';
import { SatsningStack } from './stack.ts';

export function buildStacks(app: App, settings: StackSettings, env: Environment): [EdgeStack, SatsningStack] & Stack[] {
  const edge = new EdgeStack(app, `Satsning-${settings.stage}-edge`, {
    settings,
    description: 'satsning: brandväggen (WAF) framför CloudFront, i us-east-1',
    env: { account: env.account, region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const main = new SatsningStack(app, `Satsning-${settings.stage}`, {
    settings,
    webAclArn: edge.webAclArn,
    description: 'satsning: kompetensutvecklingssatsningar för utbildningsförvaltningen',
    env,
    crossRegionReferences: true,
  });
  return [edge, main];
}
