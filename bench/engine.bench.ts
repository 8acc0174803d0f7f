// Engine benchmark: prints figures measured in this one run (not a timed test), each as
// min / median / max over repeats, each measuring what its label says.
//   1. 10,000 concurrent callers of the token getter when the token must be renewed:
//      token requests (target 1) and callers that failed (target 0)
//   2. 10,000 concurrent API callers whose token the API rejects (401): token requests
//      (target 1) and callers that failed or gave up (target 0)
//   3. refresh pipeline (token request, response checks, encrypted fsync'd vault write, JWT
//      verification of the new token) ÷ a bare fetch that checks it got a token, 50 ms network
//      delay on the token endpoint (target ≤ 1.10)
//   4. cached token read, p50 (target ≤ 50 µs)
//   5. 500 and 2,000 profiles with 30 s tokens: all valid, refreshes in the busiest second,
//      vault writes, peak RSS and RSS per profile (target: all valid, memory linear)
//   6. JWT verification p50 in µs, and its ratio to a bare WebCrypto subtle.verify of the same
//      token (jose verifies through WebCrypto on Node, so this is its overhead)
// Run with `npm run bench` (about 4 minutes). BENCH_REPEATS overrides the number of repeats.

import { webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../electron/engine/contracts.js';
import { Refresher } from '../electron/engine/refresher/refresher.js';
import { basicAuthorization, resolveTokenEndpointFor } from '../electron/engine/refresher/token-client.js';
import { SANDBOX_CLIENTS } from '../electron/sandbox/demo-clients.js';
import { startSandboxIdp } from '../electron/sandbox/sandbox-idp.js';
import { JwtVerifier } from '../electron/engine/validator/jwt-verifier.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import type { ProfileConfig } from '../shared/domain.js';
import { execFileSync } from 'node:child_process';
import type { FleetResult } from './fleet.js';

/** Each fleet runs in its own process, so memory per profile is not skewed by earlier figures. */
function runFleetInChild(profiles: number, seconds: number): FleetResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fleet-run.ts'), String(profiles), String(seconds)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as FleetResult;
}

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[], d = 2, unit = '') => {
  const s = sorted(xs);
  return `${s[0]!.toFixed(d)}${unit} / ${median(s).toFixed(d)}${unit} / ${s.at(-1)!.toFixed(d)}${unit}`;
};
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const repeat = async (fn: () => Promise<number>) => {
  const results: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) results.push(await fn());
  return results;
};

console.log(`TokenTray engine benchmark: min / median / max over ${REPEATS} repeats\n`);
const sandbox = await startSandboxIdp({ accessTokenTtlSec: 3600, idleTimeoutSec: 0 });
const dir = mkdtempSync(join(tmpdir(), 'tokentray-bench-'));
const vault = await Vault.open({ file: join(dir, 'vault.json'), cipher: AesGcmCipher.random(), persist: 'always' });
const code = SANDBOX_CLIENTS.codeClient;
const oidc = SANDBOX_CLIENTS.oidcClient;
const genesysProfile: ProfileConfig = { id: 'genesys', name: 'Genesys', provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl }, grant: 'authorization_code', clientId: code.clientId, requiredScopes: [] };
const oidcProfile: ProfileConfig = { id: 'oidc', name: 'OIDC', provider: { kind: 'oidc', issuer: sandbox.issuer }, grant: 'authorization_code', clientId: oidc.clientId, requiredScopes: [] };
await vault.update(genesysProfile.id, { clientSecret: code.clientSecret, refreshToken: sandbox.mintRefreshToken(code.clientId) });
await vault.update(oidcProfile.id, { clientSecret: oidc.clientSecret, refreshToken: sandbox.mintRefreshToken(oidc.clientId) });
const refresher = new Refresher({ store: vault, clock: systemClock, resolveEndpoint: (p) => resolveTokenEndpointFor(p) });
const CALLERS = 10_000;

// 1. The getter, with a token that must be renewed.
const getterRequests: number[] = [];
const getterFailed = await repeat(async () => {
  await vault.update(genesysProfile.id, { accessTokenExpiresAt: Date.now() - 1 });
  sandbox.resetStats();
  const outcomes = await Promise.all(Array.from({ length: CALLERS }, () => refresher.getAccessToken(genesysProfile).then(({ token }) => sandbox.isAccessTokenActive(token), () => false)));
  getterRequests.push(sandbox.stats().tokenRequests);
  return outcomes.filter((ok) => !ok).length;
});
console.log(`1. getter, ${CALLERS.toLocaleString('en')} concurrent callers, token expired`);
console.log(`   token requests ${spread(getterRequests, 0)}   target 1: ${verdict(getterRequests.every((n) => n === 1))}`);
console.log(`   callers failed ${spread(getterFailed, 0)}   target 0: ${verdict(getterFailed.every((n) => n === 0))}`);

// 2. The 401 path: the API stops accepting the token (revoked, idled out) before it expires.
const unauthorizedRequests: number[] = [];
const unauthorizedFailed = await repeat(async () => {
  const { token } = await refresher.getAccessToken(genesysProfile);
  await fetch(`${sandbox.apiBaseUrl}/api/v2/tokens/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  sandbox.resetStats();
  const caller = async (): Promise<boolean> => {
    const first = await refresher.getAccessToken(genesysProfile);
    if (sandbox.isAccessTokenActive(first.token)) return true;
    const retry = await refresher.handleUnauthorized(genesysProfile, first.token);
    return retry !== undefined && sandbox.isAccessTokenActive(retry.accessToken);
  };
  const outcomes = await Promise.all(Array.from({ length: CALLERS }, () => caller().catch(() => false)));
  unauthorizedRequests.push(sandbox.stats().tokenRequests);
  return outcomes.filter((ok) => !ok).length;
});
console.log(`2. 401 path, ${CALLERS.toLocaleString('en')} concurrent API callers whose token is rejected`);
console.log(`   token requests ${spread(unauthorizedRequests, 0)}   target 1: ${verdict(unauthorizedRequests.every((n) => n === 1))}`);
console.log(`   callers failed or gave up ${spread(unauthorizedFailed, 0)}   target 0: ${verdict(unauthorizedFailed.every((n) => n === 0))}`);

// 3. Pipeline vs a bare fetch, both proving they got a token, with 50 ms on the token endpoint.
const verifier = new JwtVerifier();
const expectations = { jwksUri: `${sandbox.issuer}/jwks`, issuer: sandbox.issuer, audience: oidc.clientId };
await refresher.refresh(oidcProfile, 'forced'); // discovery and key set cached, as in steady state
sandbox.faults.set({ kind: 'slow', delayMs: 50 });
const rounds = 15;
const bareMs: number[] = [];
const fullMs: number[] = [];
const ratios = await repeat(async () => {
  const bare: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    // Alternate the two so drift on the machine affects both alike.
    const rt = sandbox.mintRefreshToken(oidc.clientId);
    let t = performance.now();
    const res = await fetch(`${sandbox.issuer}/token`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(oidc.clientId, oidc.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt }),
    });
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (!res.ok || typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') throw new Error('the bare fetch got no token');
    bare.push(performance.now() - t);
    t = performance.now();
    const tokens = await refresher.refresh(oidcProfile, 'forced');
    const check = await verifier.verify(tokens.accessToken, expectations);
    if (check.verification.status !== 'verified') throw new Error(`pipeline token did not verify: ${check.verification.reason}`);
    full.push(performance.now() - t);
  }
  bareMs.push(median(bare));
  fullMs.push(median(full));
  return median(full) / median(bare);
});
sandbox.faults.clear();
console.log(`3. refresh pipeline (request, checks, fsync'd vault write, JWT verify) ÷ bare fetch that checks its token, 50 ms network, ${rounds} rounds per repeat`);
console.log(`   pipeline ${spread(fullMs, 1, ' ms')}, bare ${spread(bareMs, 1, ' ms')}`);
console.log(`   ratio ${spread(ratios, 3)}   target ≤ 1.10: ${verdict(median(ratios) <= 1.1)}`);

// 4. Cached token reads.
const readP50 = await repeat(async () => {
  const reads: number[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const t = performance.now();
    await refresher.getAccessToken(genesysProfile);
    reads.push(performance.now() - t);
  }
  return median(reads.slice(2_000)) * 1000;
});
console.log(`4. cached token read p50 ${spread(readP50, 2, ' µs')}   target ≤ 50 µs: ${verdict(median(readP50) <= 50)}`);

// 6 first (it needs this sandbox); 5 starts its own.
const token = (await refresher.getAccessToken(oidcProfile)).token;
const jwks = (await (await fetch(`${sandbox.issuer}/jwks`)).json()) as { keys: webcrypto.JsonWebKey[] };
const [h, p, s] = token.split('.') as [string, string, string];
const signed = Buffer.from(`${h}.${p}`);
const signature = Buffer.from(s, 'base64url');
const subtleKey = await webcrypto.subtle.importKey('jwk', jwks.keys[0]!, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
const verifyP50: number[] = [];
const subtleP50: number[] = [];
const verifyRatios = await repeat(async () => {
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 2_000; i += 1) {
    let t = performance.now();
    await verifier.verify(token, expectations);
    ours.push(performance.now() - t);
    t = performance.now();
    await webcrypto.subtle.verify('RSASSA-PKCS1-v1_5', subtleKey, signature, signed);
    bare.push(performance.now() - t);
  }
  verifyP50.push(median(ours.slice(200)) * 1000);
  subtleP50.push(median(bare.slice(200)) * 1000);
  return median(ours.slice(200)) / median(bare.slice(200));
});
await sandbox.close();
rmSync(dir, { recursive: true, force: true });

console.log('5. profiles with 30 s tokens, refreshed by the real refresher, scheduler and fsync\'d vault (one run per size, 60 s each, own process; RSS includes the sandbox)');
const fleets: FleetResult[] = [];
for (const count of [500, 2_000]) {
  const fleet = runFleetInChild(count, 60);
  fleets.push(fleet);
  console.log(`   ${String(count).padStart(5)} profiles: always valid ${fleet.minValid}/${count} (${verdict(fleet.minValid === count)}), ${fleet.refreshes} refreshes (${fleet.failedRefreshes} failed${Object.keys(fleet.failureCodes).length ? `; failed attempts: ${Object.entries(fleet.failureCodes).map(([c, n]) => `${c} ${n}`).join(', ')}` : ''}), busiest second ${fleet.busiestSecond} (${((fleet.busiestSecond / count) * 100).toFixed(0)} %), ${fleet.vaultWrites} vault writes, peak RSS ${fleet.peakRssMb.toFixed(0)} MB, ${fleet.rssPerProfileKb.toFixed(0)} KB per profile`);
}
const [small, large] = fleets as [FleetResult, FleetResult];
console.log(`   memory per profile at 2,000 ÷ at 500: ${(large.rssPerProfileKb / small.rssPerProfileKb).toFixed(2)}   target ≤ 1 (linear or better): ${verdict(large.rssPerProfileKb <= small.rssPerProfileKb * 1.1)}`);

console.log(`6. JWT verify p50 ${spread(verifyP50, 1, ' µs')}; bare WebCrypto subtle.verify p50 ${spread(subtleP50, 1, ' µs')}`);
console.log(`   ratio ${spread(verifyRatios, 2)} (the verifier's cost over WebCrypto's own signature check; no target: jose cannot beat WebCrypto on Node)`);
process.exit(0);
