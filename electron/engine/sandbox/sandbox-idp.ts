// The sandbox identity provider: one loopback server that behaves like Genesys Cloud's login and
// API hosts for a demo org (form-encoded /oauth/token with Basic client auth, rotating single-use
// refresh tokens, opaque access tokens, /api/v2/tokens/me with an idle timeout), plus an OpenID
// Connect mode issuing JWT access tokens signed by a rotating key set. The app starts it when
// nothing is configured; the engine's tests run against it.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { systemClock, type Clock } from '../contracts.js';
import { SANDBOX_CLIENTS, type SandboxClient } from './demo-clients.js';
import { SandboxFaults, type SandboxFault } from './faults.js';

export type { SandboxFault } from './faults.js';

export interface SandboxOptions {
  port?: number;
  accessTokenTtlSec?: number;
  idleTimeoutSec?: number;
  clock?: Clock;
  signingAlg?: 'RS256' | 'ES256';
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
  behaviour: { genesysIdleOrgWithoutRefreshTokens: boolean };
  stats(): { tokenRequests: number; byGrant: Record<string, number> };
  resetStats(): void;
  mintRefreshToken(clientId: string, scopes?: string[]): string;
  revokeRefreshToken(token: string): void;
  revokeAllForClient(clientId: string): void;
  rotateSigningKey(options?: { dropOld?: boolean }): Promise<string>;
  isAccessTokenActive(token: string): boolean;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  scopes: string[];
  /** Which host family issued it: Genesys tokens are opaque, OIDC ones JWTs. */
  mode: 'genesys' | 'oidc';
}
interface AccessRecord extends Grant {
  expiresAt: number;
  lastUsedAt: number;
  grantType: string;
}
interface CodeRecord extends Grant {
  redirectUri: string;
  challenge?: string;
  used: boolean;
  expiresAt: number;
}
interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const CLIENTS: SandboxClient[] = Object.values(SANDBOX_CLIENTS);
const DEMO_USER = { id: 'a7d1e5c2-0000-4000-8000-00000000d3m0', name: 'Demo User' };
const DEMO_ORG = { id: '5b6c0000-0000-4000-8000-0000000005a7', name: 'TokenTray Sandbox Org' };
const SCOPE_CATALOGUE = ['analytics', 'analytics:readonly', 'conversations', 'conversations:readonly', 'notifications', 'routing', 'routing:readonly', 'user-basic-info', 'users', 'users:readonly'];

const random = (bytes = 24) => randomBytes(bytes).toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

class HttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>, readonly headers: Record<string, string> = {}) {
    super(String(body.error ?? body.message ?? status));
  }
}
const oauthError = (status: number, error: string, description: string) => new HttpError(status, { error, error_description: description });

export async function startSandboxIdp(options: SandboxOptions = {}): Promise<SandboxIdp> {
  const clock = options.clock ?? systemClock;
  const ttlSec = options.accessTokenTtlSec ?? 180;
  const idleMs = (options.idleTimeoutSec ?? 900) * 1000;
  const alg = options.signingAlg ?? 'RS256';
  const faults = new SandboxFaults();
  const behaviour = { genesysIdleOrgWithoutRefreshTokens: false };
  const adminToken = random();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessRecord>();
  const codes = new Map<string, CodeRecord>();
  const keys: SigningKey[] = [];
  let counters = { tokenRequests: 0, byGrant: {} as Record<string, number> };

  const newKey = async (): Promise<string> => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `sandbox-${random(6)}`;
    keys.unshift({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } });
    return kid;
  };
  await newKey();

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
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
  const loginBaseUrl = `${baseUrl}/login`;
  const apiBaseUrl = `${baseUrl}/api-host`;
  const issuer = `${baseUrl}/oidc`;

  function client(clientId: string | undefined): SandboxClient | undefined {
    return CLIENTS.find((c) => c.clientId === clientId);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sandbox/')) return admin(req, res, path, method);
    if (method === 'POST' && path === '/login/oauth/token') return token(req, res, 'genesys');
    if (method === 'POST' && path === '/oidc/token') return token(req, res, 'oidc');
    if (method === 'GET' && (path === '/login/oauth/authorize' || path === '/oidc/authorize')) return authorize(res, url, path.startsWith('/oidc') ? 'oidc' : 'genesys');
    if (path === '/api-host/api/v2/tokens/me') return tokensMe(req, res, url, method);
    if (method === 'GET' && path === '/api-host/api/v2/oauth/scopes') {
      bearer(req);
      return send(res, 200, { entities: SCOPE_CATALOGUE.map((id) => ({ id, description: `Demo scope ${id}` })) });
    }
    if (method === 'GET' && path === '/oidc/.well-known/openid-configuration') return send(res, 200, discovery());
    if (method === 'GET' && path === '/oidc/jwks') return send(res, 200, { keys: keys.map((k) => k.publicJwk) });
    if (method === 'POST' && path === '/oidc/revoke') return revoke(req, res);
    throw new HttpError(404, { message: `The sandbox has no ${method} ${path}.`, code: 'not.found', status: 404 });
  }

  function discovery() {
    return {
      issuer,
      token_endpoint: `${issuer}/token`,
      authorization_endpoint: `${issuer}/authorize`,
      jwks_uri: `${issuer}/jwks`,
      revocation_endpoint: `${issuer}/revoke`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: [alg],
      scopes_supported: [...SANDBOX_CLIENTS.oidcClient.scopes],
    };
  }

  async function applyTokenFault(res: ServerResponse): Promise<boolean> {
    const fault = faults.take('token');
    if (!fault) return false;
    switch (fault.kind) {
      case 'rate_limit': {
        const value = fault.retryAfter.httpDate
          ? new Date(clock.now() + fault.retryAfter.seconds * 1000).toUTCString()
          : String(fault.retryAfter.seconds);
        send(res, 429, { message: 'Rate limit exceeded the maximum. [sandbox]', code: 'too.many.requests', status: 429 }, { 'retry-after': value });
        return true;
      }
      case 'server_error':
        send(res, fault.status ?? 503, { message: 'The sandbox is pretending to be down.', code: 'service.unavailable', status: fault.status ?? 503 });
        return true;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        return false;
      case 'malformed_json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token": "trunc');
        return true;
      case 'invalid_grant':
        send(res, 400, { error: 'invalid_grant', error_description: 'The refresh token has been revoked. [sandbox fault]' });
        return true;
      default:
        return false;
    }
  }

  async function token(req: IncomingMessage, res: ServerResponse, mode: 'genesys' | 'oidc'): Promise<void> {
    counters.tokenRequests += 1;
    const contentType = req.headers['content-type'] ?? '';
    const raw = await readBody(req);
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw oauthError(400, 'invalid_request', 'The token endpoint accepts only application/x-www-form-urlencoded bodies.');
    }
    const form = new URLSearchParams(raw);
    const grantType = form.get('grant_type') ?? '';
    counters.byGrant[grantType] = (counters.byGrant[grantType] ?? 0) + 1;
    if (await applyTokenFault(res)) return;
    const caller = authenticate(req, form, mode);
    if (!grantType) throw oauthError(400, 'invalid_request', 'Missing grant_type.');
    if (!(caller.grants as string[]).includes(grantType === 'refresh_token' ? 'refresh_token' : grantType)) {
      throw oauthError(400, grantType === 'refresh_token' || grantType === 'authorization_code' || grantType === 'client_credentials' ? 'unauthorized_client' : 'unsupported_grant_type', `The client ${caller.clientId} may not use the ${grantType} grant.`);
    }
    if (mode === 'oidc' && caller.clientId !== SANDBOX_CLIENTS.oidcClient.clientId) throw oauthError(401, 'invalid_client', 'This client is not registered with the OpenID issuer.');
    if (mode === 'genesys' && caller.clientId === SANDBOX_CLIENTS.oidcClient.clientId) throw oauthError(401, 'invalid_client', 'This client is registered with the OpenID issuer, not the Genesys login host.');

    if (grantType === 'refresh_token') {
      const presented = required(form, 'refresh_token');
      const grant = refreshTokens.get(presented);
      if (!grant || grant.clientId !== caller.clientId) throw oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired, revoked or was already used.');
      refreshTokens.delete(presented); // single use: rotation
      const scopes = narrowScopes(grant.scopes, form.get('scope'));
      return issue(res, { clientId: caller.clientId, scopes, mode }, 'refresh_token', true);
    }
    if (grantType === 'client_credentials') {
      const scopes = mode === 'oidc' ? narrowScopes(caller.scopes, form.get('scope')) : [];
      return issue(res, { clientId: caller.clientId, scopes, mode }, 'client_credentials', false);
    }
    if (grantType === 'authorization_code') {
      const code = codes.get(required(form, 'code'));
      if (!code || code.clientId !== caller.clientId || code.expiresAt < clock.now()) throw oauthError(400, 'invalid_grant', 'The authorization code is invalid or expired.');
      if (code.used) {
        // A replayed code: refuse it and revoke what the first exchange issued (RFC 6749 §4.1.2).
        for (const [t, g] of refreshTokens) if (g.clientId === code.clientId) refreshTokens.delete(t);
        throw oauthError(400, 'invalid_grant', 'The authorization code was already used.');
      }
      if (required(form, 'redirect_uri') !== code.redirectUri) throw oauthError(400, 'invalid_grant', 'redirect_uri does not match the one used on /oauth/authorize.');
      if (code.challenge) {
        const verifier = required(form, 'code_verifier');
        if (sha256(verifier) !== code.challenge) throw oauthError(400, 'invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
      } else if (!caller.clientSecret) {
        throw oauthError(400, 'invalid_request', 'Public clients must use PKCE.');
      }
      code.used = true;
      return issue(res, { clientId: caller.clientId, scopes: code.scopes, mode }, 'authorization_code', Boolean(caller.clientSecret) && !(mode === 'genesys' && behaviour.genesysIdleOrgWithoutRefreshTokens));
    }
    throw oauthError(400, 'unsupported_grant_type', `The grant type ${grantType} is not supported.`);
  }

  function authenticate(req: IncomingMessage, form: URLSearchParams, mode: 'genesys' | 'oidc'): SandboxClient {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
      const found = client(id);
      if (!found || !found.clientSecret || !safeEqual(found.clientSecret, secret)) throw oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.');
      return found;
    }
    if (form.has('client_secret')) {
      if (mode === 'genesys') throw oauthError(400, 'invalid_request', 'Send the client secret in the Authorization: Basic header, not in the body.');
      const found = client(form.get('client_id') ?? undefined);
      if (!found || !found.clientSecret || !safeEqual(found.clientSecret, form.get('client_secret') ?? '')) throw oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.');
      return found;
    }
    const found = client(form.get('client_id') ?? undefined);
    if (!found) throw oauthError(401, 'invalid_client', 'Unknown client (send client_id, or Basic credentials for a confidential client).');
    if (found.clientSecret && form.get('grant_type') !== 'authorization_code') throw oauthError(401, 'invalid_client', 'This confidential client must authenticate with its secret.');
    if (found.clientSecret && !form.has('code_verifier')) throw oauthError(401, 'invalid_client', 'This confidential client must authenticate with its secret.');
    return found;
  }

  async function issue(res: ServerResponse, grant: Grant, grantType: string, withRefresh: boolean): Promise<void> {
    const now = clock.now();
    const accessToken = grant.mode === 'oidc' ? await signAccessToken(grant, now) : random(32);
    accessTokens.set(accessToken, { ...grant, grantType, expiresAt: now + ttlSec * 1000, lastUsedAt: now });
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'bearer', expires_in: ttlSec };
    if (withRefresh) {
      const refresh = random(32);
      refreshTokens.set(refresh, { clientId: grant.clientId, scopes: grant.scopes, mode: grant.mode });
      body.refresh_token = refresh;
    }
    if (grantType !== 'client_credentials' || grant.mode === 'oidc') body.scope = grant.scopes.join(' ');
    if (grant.mode === 'oidc' && grant.scopes.includes('openid') && grantType === 'authorization_code') {
      body.id_token = await new SignJWT({ name: DEMO_USER.name }).setProtectedHeader({ alg, kid: keys[0]?.kid ?? '' })
        .setIssuer(issuer).setSubject(DEMO_USER.id).setAudience(grant.clientId).setIssuedAt(Math.floor(now / 1000)).setExpirationTime(Math.floor(now / 1000) + ttlSec).sign(keys[0]!.privateKey);
    }
    send(res, 200, body, { 'cache-control': 'no-store' });
  }

  function signAccessToken(grant: Grant, now: number): Promise<string> {
    const key = keys[0]!;
    return new SignJWT({ scope: grant.scopes.join(' '), client_id: grant.clientId })
      .setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setSubject(grant.scopes.length ? DEMO_USER.id : grant.clientId)
      .setAudience(grant.clientId)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + ttlSec)
      .setJti(random(12))
      .sign(key.privateKey);
  }

  function authorize(res: ServerResponse, url: URL, mode: 'genesys' | 'oidc'): void {
    const q = url.searchParams;
    const found = client(q.get('client_id') ?? undefined);
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!found || !redirectRegistered(found, redirectUri)) {
      // Never redirect to an unregistered URI: say so on a page instead.
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Sign-in error</title><p>${!found ? 'Unknown client_id.' : 'The redirect_uri is not registered for this client.'}</p>`);
      return;
    }
    const target = new URL(redirectUri);
    const state = q.get('state');
    if (state) target.searchParams.set('state', state);
    const fault = faults.take('authorize');
    if (fault?.kind === 'authorize_error') {
      target.searchParams.set('error', fault.error);
      target.searchParams.set('error_description', 'The demo user declined. [sandbox fault]');
    } else if (q.get('response_type') !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
    } else {
      const challenge = q.get('code_challenge') ?? undefined;
      if (!found.clientSecret && (!challenge || q.get('code_challenge_method') !== 'S256')) {
        target.searchParams.set('error', 'invalid_request');
        target.searchParams.set('error_description', 'Public clients must send an S256 code_challenge.');
      } else {
        const code = random(18);
        // Like many servers, grant what the client may have of what was asked (RFC 6749 §3.3);
        // the app then shows the rest as missing.
        const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
        const scopes = asked.length ? asked.filter((s) => (found.scopes as readonly string[]).includes(s)) : [...found.scopes];
        codes.set(code, { clientId: found.clientId, scopes, mode, redirectUri, challenge, used: false, expiresAt: clock.now() + 60_000 });
        target.searchParams.set('code', code);
      }
    }
    res.writeHead(302, { location: target.href });
    res.end();
  }

  function bearer(req: IncomingMessage, touch = true): [string, AccessRecord] {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const record = accessTokens.get(token);
    const now = clock.now();
    if (!record || record.expiresAt <= now || (idleMs > 0 && now - record.lastUsedAt > idleMs)) {
      throw new HttpError(401, { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 });
    }
    if (touch) record.lastUsedAt = now;
    return [token, record];
  }

  function tokensMe(req: IncomingMessage, res: ServerResponse, url: URL, method: string): void {
    const preserve = url.searchParams.get('preserveIdleTTL') === 'true';
    const [token, record] = bearer(req, !preserve && method !== 'HEAD');
    if (method === 'HEAD') {
      res.writeHead(200);
      res.end();
      return;
    }
    if (method === 'DELETE') {
      accessTokens.delete(token);
      res.writeHead(204);
      res.end();
      return;
    }
    if (method !== 'GET') throw new HttpError(405, { message: 'Method not allowed', code: 'method.not.allowed', status: 405 });
    const c = client(record.clientId);
    send(res, 200, {
      organization: DEMO_ORG,
      homeOrganization: DEMO_ORG,
      authorizedScope: record.grantType === 'client_credentials' ? [] : record.scopes,
      OAuthClient: {
        id: record.clientId,
        name: record.grantType === 'client_credentials' ? `${record.clientId} (roles apply)` : record.clientId,
        authorizedGrantType: record.grantType === 'client_credentials' ? 'CLIENT-CREDENTIALS' : record.grantType === 'refresh_token' || c?.clientSecret ? 'CODE' : 'PKCE',
        scope: [...(c?.scopes ?? [])],
      },
      ...(idleMs > 0 ? { dateTokenIdles: new Date(record.lastUsedAt + idleMs).toISOString() } : {}),
    });
  }

  async function revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    authenticate(req, form, 'oidc');
    const tokenValue = required(form, 'token');
    refreshTokens.delete(tokenValue);
    accessTokens.delete(tokenValue);
    res.writeHead(200);
    res.end();
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
    const presented = String(req.headers['x-sandbox-admin'] ?? '');
    if (!safeEqual(presented, adminToken)) throw new HttpError(403, { message: 'Missing or wrong x-sandbox-admin header.' });
    if (path === '/__sandbox/faults' && method === 'POST') {
      const body = JSON.parse(await readBody(req)) as SandboxFault;
      faults.set(body);
      return send(res, 200, { fault: faults.current() ?? null });
    }
    if (path === '/__sandbox/faults' && method === 'DELETE') {
      faults.clear();
      return send(res, 200, { fault: null });
    }
    if (path === '/__sandbox/stats' && method === 'GET') return send(res, 200, counters);
    if (path === '/__sandbox/rotate-key' && method === 'POST') return send(res, 200, { kid: await newKey() });
    throw new HttpError(404, { message: 'Unknown admin route.' });
  }

  function narrowScopes(allowed: readonly string[], requested: string | null): string[] {
    if (!requested) return [...allowed];
    const asked = requested.split(' ').filter(Boolean);
    const beyond = asked.filter((s) => !allowed.includes(s));
    if (beyond.length) throw oauthError(400, 'invalid_scope', `The scopes ${beyond.join(', ')} are beyond what this grant allows.`);
    return asked;
  }

  return {
    baseUrl,
    loginBaseUrl,
    apiBaseUrl,
    issuer,
    adminToken,
    faults,
    behaviour,
    stats: () => ({ tokenRequests: counters.tokenRequests, byGrant: { ...counters.byGrant } }),
    resetStats: () => {
      counters = { tokenRequests: 0, byGrant: {} };
    },
    mintRefreshToken: (clientId, scopes) => {
      const found = client(clientId);
      if (!found) throw new Error(`Unknown sandbox client ${clientId}`);
      const token = random(32);
      refreshTokens.set(token, { clientId, scopes: scopes ?? [...found.scopes], mode: clientId === SANDBOX_CLIENTS.oidcClient.clientId ? 'oidc' : 'genesys' });
      return token;
    },
    revokeRefreshToken: (token) => void refreshTokens.delete(token),
    revokeAllForClient: (clientId) => {
      for (const [t, g] of refreshTokens) if (g.clientId === clientId) refreshTokens.delete(t);
      for (const [t, g] of accessTokens) if (g.clientId === clientId) accessTokens.delete(t);
    },
    rotateSigningKey: async (opts) => {
      const kid = await newKey();
      if (opts?.dropOld) keys.splice(1);
      return kid;
    },
    isAccessTokenActive: (token) => {
      const record = accessTokens.get(token);
      const now = clock.now();
      return Boolean(record && record.expiresAt > now && (idleMs === 0 || now - record.lastUsedAt <= idleMs));
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** RFC 8252 §7.3: for loopback redirect URIs the port is chosen at request time, so it is ignored. */
function redirectRegistered(client: SandboxClient, redirectUri: string): boolean {
  let asked: URL;
  try {
    asked = new URL(redirectUri);
  } catch {
    return false;
  }
  return client.redirectUris.some((registered) => {
    const r = new URL(registered);
    const loopback = r.hostname === '127.0.0.1' && asked.hostname === '127.0.0.1' && r.protocol === 'http:' && asked.protocol === 'http:';
    return loopback ? r.pathname === asked.pathname && asked.search === '' : registered === redirectUri;
  });
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw oauthError(400, 'invalid_request', `Missing required parameter ${name}.`);
  return value;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        reject(oauthError(413, 'invalid_request', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
