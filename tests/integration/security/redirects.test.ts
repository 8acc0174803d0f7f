// No request the engine makes follows a redirect: for each kind of request a hostile loopback
// server answers 302, 307 and 308 pointing at a second server, which must receive nothing, and
// the engine must say that it was redirected, and where to.

import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../electron/engine/contracts.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { discoverIssuer, invalidateDiscovery } from '../../../electron/engine/oidc/discovery.js';
import { requestToken } from '../../../electron/engine/refresher/token-client.js';
import { startDeviceAuthorization } from '../../../electron/engine/signin/device-flow.js';
import { revokeAtEndpoint } from '../../../electron/engine/signin/revocation.js';
import { GenesysIntrospector } from '../../../electron/engine/validator/genesys-introspection.js';
import { JwtVerifier } from '../../../electron/engine/validator/jwt-verifier.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { buildWebhookEvent } from '../../../electron/engine/webhook/events.js';
import { WebhookOutbox } from '../../../electron/engine/webhook/outbox.js';
import { generateWebhookSecret } from '../../../electron/engine/webhook/signing.js';
import { redirectTo, startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const clock = { now: () => Date.now() };
let hostile: LoopbackServer;
let elsewhere: LoopbackServer;
const SECRET = 'client-secret-that-must-not-travel';
const REFRESH = 'refresh-token-that-must-not-travel';

beforeAll(async () => {
  hostile = await startLoopbackServer();
  elsewhere = await startLoopbackServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"stolen","expires_in":3600}'));
});
afterAll(async () => {
  await hostile.close();
  await elsewhere.close();
});
afterEach(() => {
  // Nothing, ever, reaches the other server: not the body, not the Authorization header.
  expect(elsewhere.received).toEqual([]);
  hostile.received.length = 0;
});

const target = () => `${elsewhere.url}/collect`;
const names = (message: string) => expect(message).toContain(`${elsewhere.url}/collect`);

describe.each([302, 307, 308])('a %i redirect is refused', (status) => {
  it('on the token endpoint: no retry, a config error naming the Location', async () => {
    hostile.respond(redirectTo(status, target()));
    const error = await requestToken({
      tokenUrl: `${hostile.url}/oauth/token`,
      clientAuth: { method: 'client_secret_basic', clientId: 'cid', clientSecret: SECRET },
      params: { grant_type: 'refresh_token', refresh_token: REFRESH },
      timeoutMs: 5000,
      clock,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).kind).toBe('config');
    expect((error as EngineError).problem.code).toBe('redirect_refused');
    names((error as EngineError).message);
    expect(hostile.received).toHaveLength(1);
  });

  it('on tokens/me: another host\'s answer never counts as Genesys accepting the token', async () => {
    hostile.respond(redirectTo(status, target()));
    const result = await new GenesysIntrospector({ clock }).introspect(hostile.url, 'access-token');
    expect(result.kind).toBe('error');
    names((result as { message: string }).message);
  });

  it('on revocation and device authorization', async () => {
    hostile.respond(redirectTo(status, target()));
    const revoked = await revokeAtEndpoint({ revocationUrl: `${hostile.url}/revoke`, clientAuth: { method: 'client_secret_post', clientId: 'cid', clientSecret: SECRET }, token: REFRESH, hint: 'refresh_token' });
    expect(revoked.ok).toBe(false);
    names(revoked.message);
    const device = await startDeviceAuthorization({ deviceAuthorizationUrl: `${hostile.url}/device`, tokenUrl: `${hostile.url}/token`, clientAuth: { method: 'client_secret_basic', clientId: 'cid', clientSecret: SECRET }, scope: [], clock }).catch((e: unknown) => e);
    expect((device as EngineError).problem.code).toBe('redirect_refused');
    names((device as EngineError).message);
  });

  it('on the JWKS: the token is reported unverified with the redirect as the reason', async () => {
    hostile.respond(redirectTo(status, target()));
    const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwOi8vaXNzdWVyIn0.c2ln';
    const result = await new JwtVerifier({ clock }).verify(token, { jwksUri: `${hostile.url}/jwks`, issuer: 'http://issuer' });
    expect(result.verification.status).toBe('unverified');
    names(result.verification.reason ?? '');
  });

  it('on the webhook: the delivery fails, names the Location, and the event stays queued', async () => {
    hostile.respond(redirectTo(status, target()));
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'outbox.json'), clock });
    outbox.configure({ url: `${hostile.url}/hook`, secret: generateWebhookSecret() });
    await outbox.enqueue(buildWebhookEvent('test', { profile: { id: 'p', name: 'P', clientId: 'c', provider: 'genesys', region: 'r' }, data: {}, occurredAt: new Date().toISOString() }));
    const [result] = await outbox.deliverNow();
    expect(result).toMatchObject({ kind: 'failed' });
    names((result as { message: string }).message);
    expect(outbox.stats().pending).toBe(1);
    await outbox.stop();
  });
});

describe('discovery', () => {
  const issuerDoc = (issuer: string) => JSON.stringify({ issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });

  it('refuses a redirect to another origin', async () => {
    invalidateDiscovery(hostile.url);
    hostile.respond(redirectTo(307, `${elsewhere.url}/.well-known/openid-configuration`));
    await expect(discoverIssuer(hostile.url)).rejects.toThrow(new RegExp(`redirecting to ${elsewhere.url}`));
  });

  it('follows one same-origin redirect, and no second one', async () => {
    invalidateDiscovery(hostile.url);
    hostile.respond((req, res) => {
      if (req.url === '/.well-known/openid-configuration') return void res.writeHead(301, { location: '/moved/openid-configuration' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(issuerDoc(hostile.url));
    });
    await expect(discoverIssuer(hostile.url)).resolves.toMatchObject({ tokenEndpoint: `${hostile.url}/token` });
    invalidateDiscovery(hostile.url);
    hostile.respond((req, res) => void res.writeHead(302, { location: `/again${req.url}` }).end());
    await expect(discoverIssuer(hostile.url)).rejects.toThrow(/302 redirecting/);
  });
});

describe('the engine, end to end', () => {
  it('a Genesys profile whose login host redirects ends in an error naming the Location, and sends its secrets nowhere else', async () => {
    const dataDir = tempDir();
    hostile.respond(redirectTo(307, target()));
    const engine = await TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {}, autoStart: false, retryPolicy: { baseMs: 10, capMs: 20 } });
    try {
      const added = await engine.addProfile({ name: 'Gateway', provider: 'genesys', region: 'mypurecloud.ie', loginBaseUrl: hostile.url, apiBaseUrl: hostile.url, grant: 'client_credentials', clientId: 'cid', clientSecret: SECRET });
      expect(added.ok).toBe(true);
      const id = (added as { profile: { id: string } }).profile.id;
      const status = await engine.refreshNow(id);
      expect(status.state).toBe('error');
      names(status.lastError?.message ?? '');
      expect(hostile.received.length).toBeGreaterThanOrEqual(1);
      expect(hostile.received.every((r) => r.url === '/oauth/token')).toBe(true);
    } finally {
      await engine.stop();
    }
  });
});
