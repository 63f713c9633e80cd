/**
 * The pre-token-generation trigger for staff who sign in with the municipality's accounts:
 * administrators are whom the provider's groups say, heads are recognised by an address in the
 * municipality's domains, anyone else's token grants nothing, and a Cognito user is left alone.
 * Its bundle is its own, and small.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { claimValues, handler, type PreTokenGenerationEvent } from '../../lambdas/triggers/federatedSignIn.ts';
import { functionBuild } from '../../lib/bundling.ts';
import { federatedSignInEntry } from '../../lib/stack.ts';

const adminGroup = '5f1c2a9e-7d1b-4b8e-9c3a-2e4f6a8b0c1d';
const environment = { ...process.env };
afterEach(() => {
  process.env = { ...environment };
});

function event(attributes: Record<string, string>): PreTokenGenerationEvent {
  return { triggerSource: 'TokenGeneration_HostedAuth', request: { userAttributes: attributes }, response: { claimsOverrideDetails: null } };
}

async function tokenFor(attributes: Record<string, string>) {
  process.env.ADMIN_GROUP_IDS = `${adminGroup},Satsning.Admin`;
  process.env.HEAD_EMAIL_DOMAINS = 'trollhattan.se,Edu.Trollhattan.se';
  return (await handler(event(attributes))).response.claimsOverrideDetails;
}

describe('signing in with the municipality’s accounts', () => {
  it('makes an administrator of a member of the named Entra group, or of one with the named app role', async () => {
    const byGroup = await tokenFor({ 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'Anna.Berg@trollhattan.se', 'custom:idp_groups': `[0a0a0a0a-0000-0000-0000-000000000000, ${adminGroup}]` });
    const byRole = await tokenFor({ 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'ove.j@edu.trollhattan.se', 'custom:idp_groups': '["Satsning.Admin"]' });
    expect(byGroup).toEqual({ claimsToAddOrOverride: { email: 'anna.berg@trollhattan.se' }, groupOverrideDetails: { groupsToOverride: ['admin'] } });
    expect(byRole?.groupOverrideDetails).toEqual({ groupsToOverride: ['admin'] });
  });

  it('gives a head, recognised by an address in the municipality’s domains, no group at all', async () => {
    const head = await tokenFor({ 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'rektor.sylteskolan@trollhattan.se', 'custom:idp_groups': '[0a0a0a0a-0000-0000-0000-000000000000]' });
    expect(head).toEqual({ claimsToAddOrOverride: { email: 'rektor.sylteskolan@trollhattan.se' }, groupOverrideDetails: { groupsToOverride: [] } });
  });

  it('makes a token that grants nothing of an address outside the domains, even in the admin group', async () => {
    for (const email of ['rektor@gmail.com', 'rektor@trollhattan.se.example.com', '']) {
      const outside = await tokenFor({ 'cognito:user_status': 'EXTERNAL_PROVIDER', email, 'custom:idp_groups': adminGroup });
      expect(outside, email).toEqual({ claimsToSuppress: ['email'], groupOverrideDetails: { groupsToOverride: [] } });
    }
  });

  it('leaves a user with a Cognito password (the break-glass administrator) as the pool made them', async () => {
    expect(await tokenFor({ 'cognito:user_status': 'CONFIRMED', email: 'reserv@trollhattan.se' })).toBeNull();
  });

  it('reads a multi-valued claim as Cognito stores it', () => {
    expect(claimValues('[a, b]')).toEqual(['a', 'b']);
    expect(claimValues('["a","b"]')).toEqual(['a', 'b']);
    expect(claimValues('a')).toEqual(['a']);
    expect(claimValues(undefined)).toEqual([]);
  });

  it('is a bundle of its own, of a few KiB, with nothing but its own code', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'satsning-trigger-'));
    try {
      const root = join(import.meta.dirname, '..', '..');
      const result = await build({ ...functionBuild(root, { path: join(root, federatedSignInEntry) }, outdir), metafile: true });
      const inputs = Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
      const bytes = readdirSync(outdir).reduce((sum, file) => sum + readFileSync(join(outdir, file)).length, 0);
      expect(inputs).toEqual([federatedSignInEntry]);
      expect(bytes).toBeLessThan(3 * 1024);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
