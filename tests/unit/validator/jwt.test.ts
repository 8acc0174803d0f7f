import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, normaliseTokenInput } from '../../../electron/engine/validator/jwt-decode.js';
import { JwtVerifier } from '../../../electron/engine/validator/jwt-verifier.js';
import { closedPort } from '../../support/closed-port.js';

// A real JWKS server on loopback whose key set we can rotate.
let server: Server;
let jwksUri: string;
const published: JWK[] = [];
const keys = new Map<string, CryptoKey>();
let requests = 0;
const ISS = 'https://issuer.test';
const AUD = 'tokentray-client';

async function addKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<{ publicKey: CryptoKey }> {
  const pair = await generateKeyPair(alg, { extractable: true });
  keys.set(kid, pair.privateKey);
  published.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
  return { publicKey: pair.publicKey };
}

function sign(kid: string, claims: Record<string, unknown> = {}, alg: 'RS256' | 'ES256' = 'RS256', exp: string | number = '10m'): Promise<string> {
  return new SignJWT({ scope: 'openid tokens:read', ...claims }).setProtectedHeader({ alg, kid }).setIssuer(ISS).setAudience(AUD).setSubject('u1').setIssuedAt().setExpirationTime(exp).sign(keys.get(kid)!);
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

let rsaPublicKey: CryptoKey;
beforeAll(async () => {
  ({ publicKey: rsaPublicKey } = await addKey('k1'));
  await addKey('e1', 'ES256');
  server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const expect_ = () => ({ jwksUri, issuer: ISS, audience: AUD });

describe('JwtVerifier', () => {
  const verifier = new JwtVerifier({ jwksCooldownMs: 0 });

  it('verifies RS256 and ES256 tokens and shows their claims', async () => {
    for (const kid of ['k1', 'e1']) {
      const result = await verifier.verify(await sign(kid, {}, kid === 'e1' ? 'ES256' : 'RS256'), expect_());
      expect(result.verification).toEqual({ status: 'verified', keyId: kid });
      expect(result.claims.scope).toBe('openid tokens:read');
    }
  });

  it('refetches the key set for an unknown kid after rotation', async () => {
    const before = requests;
    await addKey('k2');
    const result = await verifier.verify(await sign('k2'), expect_());
    expect(result.verification.status).toBe('verified');
    expect(requests).toBeGreaterThan(before);
  });

  it('verifies a token from a key rotated in right after a fetch, despite the default cooldown', async () => {
    const strict = new JwtVerifier();
    expect((await strict.verify(await sign('k1'), expect_())).verification.status).toBe('verified');
    await addKey('k3');
    expect((await strict.verify(await sign('k3'), expect_())).verification.status).toBe('verified');
  });

  it('a key rotated in while refetching is rate-limited is unverified with that reason, not failed', async () => {
    const strict = new JwtVerifier();
    expect((await strict.verify(await sign('k1'), expect_())).verification.status).toBe('verified');
    await addKey('k4');
    expect((await strict.verify(await sign('k4'), expect_())).verification.status).toBe('verified'); // the one forced refetch
    await addKey('k5');
    const result = await strict.verify(await sign('k5'), expect_());
    expect(result.verification.status).toBe('unverified');
    expect(result.verification.reason).toMatch(/rate-limited/);
    expect(result.verification.reason).not.toMatch(/even after refetching/);
  });

  it('fails a kid the issuer never published, saying so', async () => {
    keys.set('ghost', keys.get('k1')!);
    const result = await verifier.verify(await sign('ghost'), expect_());
    expect(result.verification.status).toBe('failed');
    expect(result.verification.reason).toMatch(/No key with kid "ghost"/);
  });

  it('fails expired tokens with when they expired', async () => {
    const result = await verifier.verify(await sign('k1', {}, 'RS256', Math.floor(Date.now() / 1000) - 600), expect_());
    expect(result.verification.reason).toMatch(/^Expired 1\d minutes ago/);
  });

  it('fails a wrong issuer or audience, naming expected and actual', async () => {
    const wrongIss = await verifier.verify(await sign('k1'), { ...expect_(), issuer: 'https://other.test' });
    expect(wrongIss.verification.reason).toMatch(/Issuer mismatch: expected "https:\/\/other.test", the token says "https:\/\/issuer.test"/);
    const wrongAud = await verifier.verify(await sign('k1'), { ...expect_(), audience: 'someone-else' });
    expect(wrongAud.verification.reason).toMatch(/Audience mismatch/);
  });

  it('rejects alg:none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISS, aud: AUD, exp: 9_999_999_999 })}.`;
    const result = await verifier.verify(token, expect_());
    expect(result.verification).toMatchObject({ status: 'failed', reason: expect.stringMatching(/none is refused/) });
  });

  it('rejects HS256 signed with the public key (key confusion)', async () => {
    const pem = await exportSPKI(rsaPublicKey);
    const head = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ iss: ISS, aud: AUD, exp: 9_999_999_999 })}`;
    const token = `${head}.${createHmac('sha256', pem).update(head).digest('base64url')}`;
    const result = await verifier.verify(token, expect_());
    expect(result.verification.status).toBe('failed');
    expect(result.verification.reason).toMatch(/HS256 is refused/);
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await sign('k1')).split('.');
    const forged = `${h}.${b64({ iss: ISS, aud: AUD, sub: 'admin', exp: 9_999_999_999 })}.${s}`;
    const result = await verifier.verify(forged, expect_());
    expect(result.verification.reason).toMatch(/Signature does not match/);
    expect(result.claims.sub).toBe('admin');
  });

  it('reports an unreachable key set as unverified, not failed', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/jwks`;
    const result = await new JwtVerifier().verify(await sign('k1'), { ...expect_(), jwksUri: down });
    expect(result.verification.status).toBe('unverified');
    expect(result.verification.reason).toContain(down);
  });

  it('labels decoded tokens unverified when no key source exists', async () => {
    const result = await verifier.verifyOrDecode(await sign('k1'), undefined);
    expect(result.verification.status).toBe('unverified');
    expect(result.claims.iss).toBe(ISS);
  });
});

describe('decodeJwt messages for pasted garbage', () => {
  it.each([
    ['', 'whole', /Paste a token/],
    ['abc.def', 'whole', /has 2 segments/],
    ['opaque-token', 'whole', /opaque token/],
    ['eyJh%bGciOiJSUzI1NiJ9.e30.sig', 'header', /character '%' at position 5/],
    [`${b64({ alg: 'RS256' })}.bm90IGpzb24.sig`, 'payload', /decodes but is not JSON/],
    [`${b64({ alg: 'RS256' })}.${b64([1, 2])}.sig`, 'payload', /JSON but not an object/],
    [`${b64({ typ: 'JWT' })}.${b64({})}.sig`, 'header', /no "alg"/],
    [`${b64({ alg: 'RS256' })}.${b64({})}.si g`, 'signature', /character ' '/],
  ])('%j → %s', (input, segment, message) => {
    const result = decodeJwt(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.segment).toBe(segment);
      expect(result.problem.message).toMatch(message);
    }
  });

  it('accepts a Bearer prefix and whitespace', () => {
    const result = decodeJwt(`  Bearer ${b64({ alg: 'RS256' })}.${b64({ sub: 'x' })}.c2ln \n`);
    expect(result.ok && result.claims.sub).toBe('x');
  });
});

describe('normaliseTokenInput', () => {
  it.each([
    ['  abc.def.ghi  ', 'abc.def.ghi'],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['"Bearer abc.def.ghi"', 'abc.def.ghi'],
    ['Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ["'abc.def\nghi'", 'abc.defghi'],
    ['“abc.def.ghi”', 'abc.def.ghi'],
    ['Bearer "abc.def.ghi"', 'abc.def.ghi'],
  ])('cleans %j to the token alone', (pasted, token) => {
    expect(normaliseTokenInput(pasted)).toBe(token);
  });
});
