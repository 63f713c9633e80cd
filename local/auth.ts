/**
 * The local sign-in: issues JWTs shaped like Cognito ID tokens (sub, email, cognito:groups,
 * token_use "id"), signed with a local RS256 key kept in the data folder, and verifies them through
 * the JWKS endpoint the way the HTTP API's JWT authorizer does (issuer, audience, expiry).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { Group } from '#routes';

export const localAudience = 'satsning-local';

export interface LocalAuth {
  issuer: string;
  jwks: { keys: JWK[] };
  issueToken(request: { email: string; groups: Group[]; expiresInSeconds?: number; now?: Date }): Promise<string>;
  /** the verified claims, or undefined for a missing, forged or expired token */
  verify(token: string, now: Date): Promise<JWTPayload | undefined>;
}

export async function createLocalAuth(options: { issuer: string; jwksUrl: string; keyFile?: string }): Promise<LocalAuth> {
  const { privateJwk, publicJwk } = await loadOrCreateKey(options.keyFile);
  const privateKey = await importJWK(privateJwk, 'RS256');
  const remoteJwks = createRemoteJWKSet(new URL(options.jwksUrl));
  return {
    issuer: options.issuer,
    jwks: { keys: [publicJwk] },
    async issueToken({ email, groups, expiresInSeconds = 3600, now = new Date() }) {
      const normalised = email.trim().toLowerCase();
      const issuedAt = Math.floor(now.getTime() / 1000);
      return new SignJWT({
        email: normalised,
        email_verified: true,
        'cognito:groups': groups,
        'cognito:username': normalised,
        token_use: 'id',
        auth_time: issuedAt,
      })
        .setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid! })
        .setSubject(stableSub(normalised))
        .setIssuer(options.issuer)
        .setAudience(localAudience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + expiresInSeconds)
        .sign(privateKey);
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, remoteJwks, {
          issuer: options.issuer,
          audience: localAudience,
          currentDate: now,
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}

/** The same e-mail always gets the same sub, as a Cognito user keeps theirs. */
function stableSub(email: string): string {
  const hex = createHash('sha256').update(`satsning-local:${email}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function loadOrCreateKey(keyFile: string | undefined): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8'));
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  if (keyFile) {
    mkdirSync(join(keyFile, '..'), { recursive: true });
    writeFileSync(keyFile, JSON.stringify({ privateJwk, publicJwk }), { mode: 0o600 });
  }
  return { privateJwk, publicJwk };
}
