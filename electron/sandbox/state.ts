// Everything the sandbox remembers, in one place every endpoint reads: the issued grants, codes
// and access tokens, the signing keys, the request counters, and the settings it was started with.

import type { IncomingMessage } from 'node:http';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../engine/index.js';
import { SANDBOX_CLIENTS, type SandboxClient } from './demo-clients.js';
import type { SandboxFaults } from './faults.js';
import { HttpError, randomToken } from './http.js';

export type HostMode = 'genesys' | 'oidc';

export interface Grant {
  clientId: string;
  scopes: string[];
  /** Which host family issued it: Genesys tokens are opaque, OIDC ones JWTs. */
  mode: HostMode;
  /** One sign-in's chain of refresh tokens and the access tokens they issued (for revoke-on-rotation). */
  family?: string;
}
export interface AccessRecord extends Grant {
  expiresAt: number;
  lastUsedAt: number;
  grantType: string;
}
export interface CodeRecord extends Grant {
  redirectUri: string;
  challenge?: string;
  used: boolean;
  expiresAt: number;
}
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}
export interface RequestCounters {
  tokenRequests: number;
  byGrant: Record<string, number>;
}

export const DEMO_USER = { id: 'a7d1e5c2-0000-4000-8000-00000000d3m0', name: 'Demo User' };
export const DEMO_ORG = { id: '5b6c0000-0000-4000-8000-0000000005a7', name: 'TokenTray Sandbox Org' };

const CLIENTS: SandboxClient[] = Object.values(SANDBOX_CLIENTS);

export function findClient(clientId: string | undefined): SandboxClient | undefined {
  return CLIENTS.find((c) => c.clientId === clientId);
}

export interface SandboxSettings {
  clock: Clock;
  ttlSec: number;
  /** 0 turns the idle timeout off. */
  idleMs: number;
  alg: 'RS256' | 'ES256';
  issuer: string;
  faults: SandboxFaults;
  behaviour: SandboxBehaviour;
  /** Platform API requests one access token may make per minute (Genesys answers 429 beyond). */
  apiRateLimitPerMinute: number;
}

export interface SandboxBehaviour {
  /** Like a Genesys org with an idle token timeout: code-grant sign-ins get no refresh token. */
  genesysIdleOrgWithoutRefreshTokens: boolean;
  /** A refresh revokes the access tokens issued earlier in the same sign-in, so the old one answers 401. */
  revokeAccessTokensOnRefresh: boolean;
}

export interface ApiCounters {
  requests: number;
  rateLimited: number;
  /** Requests answered per minute window, per token: what a limit test checks. */
  maxInOneWindow: number;
}

export class SandboxState {
  readonly refreshTokens = new Map<string, Grant>();
  readonly accessTokens = new Map<string, AccessRecord>();
  readonly codes = new Map<string, CodeRecord>();
  /** Newest first: the first one signs. */
  readonly keys: SigningKey[] = [];
  counters: RequestCounters = { tokenRequests: 0, byGrant: {} };
  apiCounters: ApiCounters = { requests: 0, rateLimited: 0, maxInOneWindow: 0 };
  /** Every access and refresh token issued in this run, so secret scans know what to look for. */
  readonly issuedSecrets = new Set<string>();
  /** Per access token: the current one-minute window of Platform API requests. */
  readonly rateWindows = new Map<string, { startedAt: number; count: number }>();

  constructor(readonly settings: SandboxSettings) {}

  /** Makes a new signing key and puts it first; the old ones stay published until dropped. */
  async newKey(): Promise<string> {
    const alg = this.settings.alg;
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `sandbox-${randomToken(6)}`;
    this.keys.unshift({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } });
    return kid;
  }

  signingKey(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('The sandbox has no signing key.');
    return key;
  }

  /** A new single-use refresh token for the grant. */
  storeRefreshToken(grant: Grant): string {
    const token = randomToken(32);
    this.issuedSecrets.add(token);
    this.refreshTokens.set(token, { clientId: grant.clientId, scopes: grant.scopes, mode: grant.mode, family: grant.family ?? randomToken(8) });
    return token;
  }

  revokeAllForClient(clientId: string): void {
    for (const [t, g] of this.refreshTokens) if (g.clientId === clientId) this.refreshTokens.delete(t);
    for (const [t, g] of this.accessTokens) if (g.clientId === clientId) this.accessTokens.delete(t);
  }

  isActive(record: AccessRecord | undefined, now: number): record is AccessRecord {
    const idleMs = this.settings.idleMs;
    return Boolean(record && record.expiresAt > now && (idleMs === 0 || now - record.lastUsedAt <= idleMs));
  }

  /** The access token of an `Authorization: Bearer` header, or the Genesys 401 answer. */
  bearer(req: IncomingMessage, touch = true): [string, AccessRecord] {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const record = this.accessTokens.get(token);
    const now = this.settings.clock.now();
    const idleMs = this.settings.idleMs;
    if (!record || record.expiresAt <= now || (idleMs > 0 && now - record.lastUsedAt > idleMs)) {
      throw new HttpError(401, { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 });
    }
    if (touch) record.lastUsedAt = now;
    return [token, record];
  }
}
