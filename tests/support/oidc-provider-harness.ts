// panva's oidc-provider (a certified OpenID provider) on loopback: an independent OAuth server
// for interop tests, with refresh-token rotation on and a headless code flow through its
// development login and consent forms.

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Provider from 'oidc-provider';

export const INTEROP_CLIENT = { clientId: 'interop-confidential', clientSecret: 'interop-secret-0123456789abcdef', redirectUri: 'http://127.0.0.1:8766/callback' };
export const INTEROP_RESOURCE = 'https://api.interop.test';
/** Native-app clients (RFC 8252): any loopback port is accepted for their redirect URI. */
export const NATIVE_CONFIDENTIAL = { clientId: 'interop-native', clientSecret: 'interop-native-secret-0123456789', redirectPath: '/oauth/callback' };
export const NATIVE_PUBLIC = { clientId: 'interop-native-public', redirectPath: '/oauth/callback' };

export interface OidcProviderHarness {
  issuer: string;
  close(): Promise<void>;
  /** Full authorization code flow without a browser; returns the token response. */
  signInHeadless(scope?: string): Promise<{ access_token: string; refresh_token?: string; id_token?: string; expires_in: number; scope?: string }>;
  tokenRequests(): number;
}

export async function startOidcProvider(options: { rotateRefreshToken?: boolean; accessTokenTtlSec?: number } = {}): Promise<OidcProviderHarness> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: INTEROP_CLIENT.clientId,
      client_secret: INTEROP_CLIENT.clientSecret,
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      redirect_uris: [INTEROP_CLIENT.redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
    }, {
      client_id: NATIVE_CONFIDENTIAL.clientId,
      client_secret: NATIVE_CONFIDENTIAL.clientSecret,
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      redirect_uris: [`http://127.0.0.1${NATIVE_CONFIDENTIAL.redirectPath}`],
      token_endpoint_auth_method: 'client_secret_basic',
    }, {
      client_id: NATIVE_PUBLIC.clientId,
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`http://127.0.0.1${NATIVE_PUBLIC.redirectPath}`],
      token_endpoint_auth_method: 'none',
    }],
    scopes: ['openid', 'offline_access', 'api:read'],
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api:read', audience: INTEROP_RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: options.accessTokenTtlSec ?? 300 }),
      },
    },
    pkce: { required: () => false },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: options.rotateRefreshToken ?? true,
    ttl: { AccessToken: options.accessTokenTtlSec ?? 300, RefreshToken: 3600, ClientCredentials: options.accessTokenTtlSec ?? 300 },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  });
  let requests = 0;
  provider.on('grant.success', () => (requests += 1));
  provider.on('grant.error', () => (requests += 1));
  const callback = provider.callback();
  server.on('request', callback);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function signInHeadless(scope = 'openid offline_access api:read') {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const remember = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
    };
    const go = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(new URL(url, issuer), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
      remember(res);
      return res;
    };
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const authorize = new URL('/auth', issuer);
    Object.entries({
      client_id: INTEROP_CLIENT.clientId, response_type: 'code', redirect_uri: INTEROP_CLIENT.redirectUri, scope, state, prompt: 'consent',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    }).forEach(([k, v]) => authorize.searchParams.set(k, v));
    let res = await go(authorize.href);
    for (let hop = 0; hop < 12; hop += 1) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`headless sign-in stopped at ${res.status}: ${(await res.text()).slice(0, 200)}`);
      if (location.startsWith(INTEROP_CLIENT.redirectUri)) {
        const params = new URL(location).searchParams;
        if (params.get('state') !== state) throw new Error('state mismatch');
        const code = params.get('code');
        if (!code) throw new Error(`sign-in failed: ${params.get('error')} ${params.get('error_description')}`);
        const token = await fetch(new URL('/token', issuer), {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${INTEROP_CLIENT.clientId}:${INTEROP_CLIENT.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: INTEROP_CLIENT.redirectUri, code_verifier: verifier }),
        });
        return (await token.json()) as Awaited<ReturnType<OidcProviderHarness['signInHeadless']>>;
      }
      if (/\/interaction\/[^/]+$/.test(new URL(location, issuer).pathname)) {
        const page = await go(location);
        const html = await page.text();
        const action = /action="([^"]+)"/.exec(html)?.[1];
        const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
        if (!action || !prompt) throw new Error(`unexpected interaction page: ${html.slice(0, 200)}`);
        const body = prompt === 'login' ? new URLSearchParams({ prompt, login: 'demo-user', password: 'x' }) : new URLSearchParams({ prompt });
        res = await go(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
        continue;
      }
      res = await go(location);
    }
    throw new Error('headless sign-in did not finish');
  }

  return {
    issuer,
    tokenRequests: () => requests,
    signInHeadless,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
