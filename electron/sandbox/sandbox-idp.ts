// The sandbox identity provider: one loopback server that behaves like Genesys Cloud's login and
// API hosts for a demo org (form-encoded /oauth/token with Basic client auth, rotating single-use
// refresh tokens, opaque access tokens, /api/v2/tokens/me with an idle timeout), plus an OpenID
// Connect mode issuing JWT access tokens signed by a rotating key set. It is a demo peer, not part
// of the engine: the entry points start it when nothing is configured (see sandbox-demo.ts), and
// the engine's tests run against it. This file starts the server and routes requests; each
// endpoint lives in its own module and shares the state in state.ts.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock, type Clock } from '../engine/index.js';
import { admin } from './admin.js';
import { scopeCatalogue, tokensMe } from './api-host.js';
import { isPlatformApiPath, platformApi } from './platform-api.js';
import { authorize } from './authorize.js';
import { SANDBOX_CLIENTS } from './demo-clients.js';
import { SandboxFaults } from './faults.js';
import { HttpError, randomToken, send } from './http.js';
import { discovery, jwks, revoke } from './oidc-endpoints.js';
import { findClient, SandboxState, type ApiCounters, type SandboxBehaviour } from './state.js';
import { tokenEndpoint } from './token-endpoint.js';

export type { SandboxFault } from './faults.js';

export interface SandboxOptions {
  port?: number;
  accessTokenTtlSec?: number;
  idleTimeoutSec?: number;
  clock?: Clock;
  signingAlg?: 'RS256' | 'ES256';
  /** Platform API requests per token per minute before 429 (default 300, as Genesys documents for a client). */
  apiRateLimitPerMinute?: number;
}

export interface SandboxIdp {
  baseUrl: string;
  loginBaseUrl: string;
  apiBaseUrl: string;
  issuer: string;
  adminToken: string;
  faults: SandboxFaults;
  /**
   * Like a Genesys org with an idle token timeout: code-grant sign-ins on the Genesys hosts get no
   * refresh token. Off by default; tests and demos switch it on.
   */
  behaviour: SandboxBehaviour;
  /** Platform API requests per token per minute; tests lower or raise it (also POST /__sandbox/rate-limit). */
  setApiRateLimit(perMinute: number): void;
  apiStats(): ApiCounters;
  /** Revokes every access token (refresh tokens stay): the next API call with one answers 401. */
  revokeAccessTokens(): void;
  /** Every access and refresh token issued so far: what a secret scan looks for. */
  issuedSecrets(): string[];
  stats(): { tokenRequests: number; byGrant: Record<string, number> };
  resetStats(): void;
  mintRefreshToken(clientId: string, scopes?: string[]): string;
  revokeRefreshToken(token: string): void;
  revokeAllForClient(clientId: string): void;
  rotateSigningKey(options?: { dropOld?: boolean }): Promise<string>;
  isAccessTokenActive(token: string): boolean;
  close(): Promise<void>;
}

export async function startSandboxIdp(options: SandboxOptions = {}): Promise<SandboxIdp> {
  const adminToken = randomToken();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, error.body, error.headers);
      send(res, 500, { error: 'server_error', error_description: 'The sandbox hit an internal error.' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = `${baseUrl}/oidc`;
  const state = new SandboxState({
    clock: options.clock ?? systemClock,
    ttlSec: options.accessTokenTtlSec ?? 180,
    idleMs: (options.idleTimeoutSec ?? 900) * 1000,
    alg: options.signingAlg ?? 'RS256',
    issuer,
    faults: new SandboxFaults(),
    behaviour: { genesysIdleOrgWithoutRefreshTokens: false, revokeAccessTokensOnRefresh: false },
    apiRateLimitPerMinute: options.apiRateLimitPerMinute ?? 300,
  });
  await state.newKey().catch(async (error: unknown) => {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sandbox/')) return admin(state, adminToken, req, res, path, method);
    if (method === 'POST' && path === '/login/oauth/token') return tokenEndpoint(state, req, res, 'genesys');
    if (method === 'POST' && path === '/oidc/token') return tokenEndpoint(state, req, res, 'oidc');
    if (method === 'GET' && (path === '/login/oauth/authorize' || path === '/oidc/authorize')) return authorize(state, res, url, path.startsWith('/oidc') ? 'oidc' : 'genesys');
    if (path === '/api-host/api/v2/tokens/me') return tokensMe(state, req, res, url, method);
    if (method === 'GET' && path === '/api-host/api/v2/oauth/scopes') return scopeCatalogue(state, req, res);
    if (path.startsWith('/api-host/') && isPlatformApiPath(path.slice('/api-host'.length))) return platformApi(state, req, res, url, path.slice('/api-host'.length), method);
    if (method === 'GET' && path === '/oidc/.well-known/openid-configuration') return discovery(state, res);
    if (method === 'GET' && path === '/oidc/jwks') return jwks(state, res);
    if (method === 'POST' && path === '/oidc/revoke') return revoke(state, req, res);
    throw new HttpError(404, { message: `The sandbox has no ${method} ${path}.`, code: 'not.found', status: 404 });
  }

  return {
    baseUrl,
    loginBaseUrl: `${baseUrl}/login`,
    apiBaseUrl: `${baseUrl}/api-host`,
    issuer,
    adminToken,
    faults: state.settings.faults,
    behaviour: state.settings.behaviour,
    setApiRateLimit: (perMinute) => {
      state.settings.apiRateLimitPerMinute = perMinute;
    },
    apiStats: () => ({ ...state.apiCounters }),
    revokeAccessTokens: () => state.accessTokens.clear(),
    issuedSecrets: () => [...state.issuedSecrets],
    stats: () => ({ tokenRequests: state.counters.tokenRequests, byGrant: { ...state.counters.byGrant } }),
    resetStats: () => {
      state.counters = { tokenRequests: 0, byGrant: {} };
    },
    mintRefreshToken: (clientId, scopes) => {
      const found = findClient(clientId);
      if (!found) throw new Error(`Unknown sandbox client ${clientId}`);
      return state.storeRefreshToken({ clientId, scopes: scopes ?? [...found.scopes], mode: clientId === SANDBOX_CLIENTS.oidcClient.clientId ? 'oidc' : 'genesys' });
    },
    revokeRefreshToken: (token) => void state.refreshTokens.delete(token),
    revokeAllForClient: (clientId) => state.revokeAllForClient(clientId),
    rotateSigningKey: async (opts) => {
      const kid = await state.newKey();
      if (opts?.dropOld) state.keys.splice(1);
      return kid;
    },
    isAccessTokenActive: (token) => state.isActive(state.accessTokens.get(token), state.settings.clock.now()),
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
