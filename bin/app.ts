#!/usr/bin/env node
/** The CDK app: `npx cdk synth` (offline, no credentials) and `npx cdk deploy --all`. */
import { App, Tags } from 'aws-cdk-lib';
import { readSettings } from '../lib/config.ts';
import { buildStacks } from '../lib/app.ts';

const app = new App();
const settings = readSettings(app.node);
for (const stack of buildStacks(app, settings, { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-north-1' })) {
  Tags.of(stack).add('application', 'satsning');
  Tags.of(stack).add('stage', settings.stage);
}
