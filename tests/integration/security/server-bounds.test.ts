// Numbers from a server are bounded: a 400-digit expires_in, a Retry-After of centuries, a device
// flow interval of 0, and JWTs with absurd sizes, depths and dates. Each answer comes from a
// hostile loopback server or a fuzzed input; each gets a clear outcome instead of a crash.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { MAX_LIFETIME_SEC, MAX_SERVER_WAIT_MS } from '../../../electron/engine/http/server-bounds.js';
import { requestToken } from '../../../electron/engine/refresher/token-client.js';
import { startDeviceAuthorization } from '../../../electron/engine/signin/device-flow.js';
import { decodeJwt } from '../../../electron/engine/validator/jwt-decode.js';
import { inspectPastedToken } from '../../../electron/engine/validator/pasted-token.js';
import { JwtVerifier } from '../../../electron/engine/validator/jwt-verifier.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const clock = { now: () => Date.now() };
let hostile: LoopbackServer;
beforeAll(async () => (hostile = await startLoopbackServer()));
afterAll(() => hostile.close());

const tokenAnswer = (body: string) => hostile.respond((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
const request = () => requestToken({ tokenUrl: `${hostile.url}/oauth/token`, clientAuth: { method: 'client_secret_basic', clientId: 'c', clientSecret: 's' }, params: { grant_type: 'client_credentials' }, timeoutMs: 5000, clock });

describe('expires_in', () => {
  it.each([
    ['400 digits', `1${'0'.repeat(399)}`, MAX_LIFETIME_SEC],
    ['1e400 (Infinity in JSON)', '1e400', MAX_LIFETIME_SEC],
    ['zero', '0', 1],
    ['negative', '-30', 1],
    ['a string of digits', '"3600"', 3600],
  ])('%s is clamped into [1 s, 1 year], keeping the rotated refresh token', async (_label, raw, expectedSec) => {
    tokenAnswer(`{"access_token":"at","refresh_token":"rotated","expires_in":${raw}}`);
    const before = Date.now();
    const tokens = await request();
    expect(Number.isFinite(tokens.expiresAt)).toBe(true);
    expect(tokens.expiresAt - tokens.issuedAt).toBe(expectedSec * 1000);
    expect(tokens.issuedAt).toBeGreaterThanOrEqual(before);
    expect(tokens.refreshToken).toBe('rotated');
  });

  it('junk is a malformed response with a message, never a token', async () => {
    tokenAnswer('{"access_token":"at","expires_in":"soon"}');
    await expect(request()).rejects.toThrow(/not a valid token response/);
  });

  it('an absurd lifetime stored by the engine survives a restart without setting the vault aside', async () => {
    const dataDir = tempDir();
    const start = async () => TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {}, autoStart: false });
    tokenAnswer(`{"access_token":"at","expires_in":1${'0'.repeat(399)}}`);
    const first = await start();
    await first.updateSettings({ persistSecretsWithWeakProtection: true });
    const added = await first.addProfile({ name: 'Huge', provider: 'genesys', region: 'mypurecloud.ie', loginBaseUrl: hostile.url, apiBaseUrl: hostile.url, grant: 'client_credentials', clientId: 'c', clientSecret: 's' });
    const id = (added as { profile: { id: string } }).profile.id;
    expect((await first.refreshNow(id)).state).toBe('valid');
    await first.stop();
    const second = await start();
    try {
      expect(readdirSync(dataDir).filter((f) => f.includes('corrupt'))).toEqual([]);
      expect(second.status(id).expiresAt).toBeLessThanOrEqual(Date.now() + MAX_LIFETIME_SEC * 1000);
    } finally {
      await second.stop();
    }
  });
});

describe('server-requested waits', () => {
  it('a Retry-After of centuries is capped at 15 minutes and before the current token lapses', async () => {
    const dataDir = tempDir();
    const engine = await TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {}, autoStart: false, retryPolicy: { maxAttempts: 1 } });
    try {
      const added = await engine.addProfile({ name: 'Limited', provider: 'genesys', region: 'mypurecloud.ie', loginBaseUrl: hostile.url, apiBaseUrl: hostile.url, grant: 'client_credentials', clientId: 'c', clientSecret: 's' });
      const id = (added as { profile: { id: string } }).profile.id;
      for (const retryAfter of ['9'.repeat(30), 'Fri, 31 Dec 9999 23:59:59 GMT']) {
        hostile.respond((_req, res) => res.writeHead(429, { 'retry-after': retryAfter }).end());
        const before = Date.now();
        const status = await engine.refreshNow(id);
        expect(status.state).toBe('retrying');
        expect(status.retry!.nextAttemptAt - before).toBeLessThanOrEqual(MAX_SERVER_WAIT_MS + 1000);
      }
      // With a token that expires in 2 minutes, the retry comes before it lapses.
      tokenAnswer('{"access_token":"short","expires_in":120}');
      await engine.refreshNow(id);
      hostile.respond((_req, res) => res.writeHead(429, { 'retry-after': '600' }).end());
      const status = await engine.refreshNow(id);
      expect(status.retry!.nextAttemptAt).toBeLessThan(status.expiresAt!);
    } finally {
      await engine.stop();
    }
  });

  it.each([[0], [-1], [0.001], [Number.NaN]])('a device-flow interval of %s polls no faster than every 5 s', async (interval) => {
    hostile.respond((req, res) => {
      if (req.url === '/device') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ device_code: 'd', user_code: 'U', verification_uri: `${hostile.url}/verify`, expires_in: 60, interval: Number.isNaN(interval) ? 'x' : interval }));
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"slow_down"}');
    });
    const waits: number[] = [];
    let cancel = () => {};
    const device = await startDeviceAuthorization({
      deviceAuthorizationUrl: `${hostile.url}/device`,
      tokenUrl: `${hostile.url}/token`,
      clientAuth: { method: 'none', clientId: 'c' },
      scope: [],
      clock,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length >= 3) cancel();
      },
    }).catch((error: unknown) => ({ error }));
    if (!('cancel' in device)) {
      // A non-numeric interval is a malformed answer: refused with a message.
      expect(Number.isNaN(interval)).toBe(true);
      return;
    }
    cancel = device.cancel;
    await device.tokens.catch(() => {});
    expect(waits[0]).toBe(5000);
    expect(waits[1]).toBe(10_000); // slow_down adds 5 s
  });

  it('refuses a verification_uri that is not https', async () => {
    hostile.respond((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ device_code: 'd', user_code: 'U', verification_uri: 'javascript:alert(1)', expires_in: 60 })));
    await expect(startDeviceAuthorization({ deviceAuthorizationUrl: `${hostile.url}/device`, tokenUrl: `${hostile.url}/token`, clientAuth: { method: 'none', clientId: 'c' }, scope: [], clock }))
      .rejects.toThrow(/verification_uri .*only https/);
  });
});

describe('JWTs', () => {
  it('refuses oversized and deeply nested tokens with a message', () => {
    const b64 = (o: string) => Buffer.from(o).toString('base64url');
    const big = `${b64('{"alg":"RS256"}')}.${b64(JSON.stringify({ x: 'a'.repeat(200_000) }))}.c2ln`;
    expect(decodeJwt(big)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/up to 65,536 characters/) } });
    const deep = `${b64('{"alg":"RS256"}')}.${b64(`{"a":${'['.repeat(500)}${']'.repeat(500)}}`)}.c2ln`;
    expect(decodeJwt(deep)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/nests deeper/) } });
  });

  it('4,000 fuzzed, correctly signed tokens with absurd dates never throw and always explain themselves', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const jwks = await startLoopbackServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    const verifier = new JwtVerifier({ clock });
    const values = [0, -1, 1e20, -1e20, 8.64e12, -8.64e12, 1e308, -1e308, 2 ** 53, 'soon', null, [], {}];
    let seed = 7;
    const pick = <T>(list: T[]): T => list[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % list.length] as T;
    try {
      for (let i = 0; i < 4000; i += 1) {
        const claims = { iss: 'http://issuer', exp: pick(values), nbf: pick(values), iat: pick(values) };
        const token = `${Buffer.from('{"alg":"ES256","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
        const signed = await signClaims(token, privateKey);
        const result = await inspectPastedToken(signed, { kind: 'jwks', jwksUrl: `${jwks.url}/jwks`, issuer: 'http://issuer' }, { verifier, discover: () => Promise.reject(new Error('unused')), now: clock.now });
        expect(result.format).toBe('jwt');
        expect(result.jwt?.verification.status === 'verified' || (result.jwt?.verification.reason ?? '').length > 10).toBe(true);
      }
    } finally {
      await jwks.close();
    }
  }, 60_000);
});

/** Signs an already-encoded header.payload with ES256, so fuzzed claims survive byte for byte. */
async function signClaims(signingInput: string, key: CryptoKey): Promise<string> {
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(signingInput));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}
