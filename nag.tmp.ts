import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './lib/config.ts';
import { SatsningStack } from './lib/stack.ts';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
const outdir = mkdtempSync('/tmp/nag-');
const app = new App({ outdir });
new SatsningStack(app, 'S', { settings: readSettings(app.node), env: { region: 'eu-north-1' } });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
try { app.synth(); console.log('synth ok'); } catch (e) { console.log('THROW', (e as Error).message.slice(0, 300)); }
console.log(readdirSync(outdir));
