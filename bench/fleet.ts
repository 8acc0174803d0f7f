// A fleet of profiles with short-lived tokens kept fresh by the real TokenEngine (refresh loop,
// scheduler, request gate, encrypted fsync'd vault, tokens/me checks, audit, metrics) against the
// sandbox: how soon is every profile valid after start, do they stay valid, how bunched are the
// token requests, how busy is the event loop and how much memory does it take?
// The sandbox runs in the parent (bench/engine.bench.ts); the engine runs here, in its own process,
// so its memory is measured alone.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dataFiles } from '../electron/engine/config/data-dir.js';
import { TokenEngine } from '../electron/engine/engine.js';
import type { FetchFunction } from '../electron/engine/http/fetch-with-timeout.js';
import { ProfileFile } from '../electron/engine/profiles/index.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import type { ProfileConfig } from '../shared/domain.js';

/** What the parent hands the child: where the sandbox is, and one refresh token per profile. */
export interface FleetSetup {
  loginBaseUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshTokens: string[];
  holdSeconds: number;
  /** 'entry points': the heap policy the desktop app and Node mode apply; 'v8 default': none, for comparison. */
  heapPolicy: 'entry points' | 'v8 default';
}

export interface FleetResult {
  profiles: number;
  /** Seconds from TokenEngine.start until every profile held a valid token (null: never). */
  allValidAfterSec: number | null;
  /** Lowest count of profiles holding an unexpired token, over one-second samples after that. */
  minValid: number;
  tokenRequests: number;
  /** Token requests in the busiest second and the mean per second, after start-up. */
  busiestSecond: number;
  meanPerSecond: number;
  eventLoopP99Ms: number;
  peakRssMb: number;
  /** Of which JavaScript heap in use at the RSS peak. */
  heapAtPeakMb: number;
  /** CPU time the process used from engine start to the end of the hold, in seconds. */
  cpuSec: number;
  wallSec: number;
}

/** Holding an unexpired token (a profile that is refreshing meanwhile still has one). */
const holdsToken = (status: { expiresAt?: number; tokenPreview?: string }, now: number) => status.tokenPreview !== undefined && status.expiresAt !== undefined && status.expiresAt > now;

export async function runFleet(setup: FleetSetup): Promise<FleetResult> {
  const count = setup.refreshTokens.length;
  const dir = mkdtempSync(join(tmpdir(), 'tokentray-fleet-'));
  const files = dataFiles(dir);
  const cipher = AesGcmCipher.random({ strong: true, backend: 'bench-aes-gcm' });
  const profiles: ProfileConfig[] = setup.refreshTokens.map((_, i) => ({
    id: `p${i}`,
    name: `Profile ${i}`,
    provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: setup.loginBaseUrl, apiBaseUrl: setup.apiBaseUrl },
    grant: 'authorization_code',
    clientId: setup.clientId,
    requiredScopes: [],
  }));
  // Seeded as a user's data folder would be after sign-ins: profiles saved, refresh tokens stored.
  await new ProfileFile(files.profiles).save(profiles);
  const seed = await Vault.open({ file: files.vault, cipher, persist: 'always' });
  await Promise.all(profiles.map((p, i) => seed.update(p.id, { clientSecret: setup.clientSecret, refreshToken: setup.refreshTokens[i]! })));
  await seed.flush();

  // Token requests per second, counted on the engine's own network.
  const perSecond = new Map<number, number>();
  let tokenRequests = 0;
  const countingFetch: FetchFunction = (url, init) => {
    if (url.endsWith('/oauth/token')) {
      tokenRequests += 1;
      const second = Math.floor(Date.now() / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    return fetch(url, init);
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let peakRss = process.memoryUsage().rss;
  let heapAtPeak = process.memoryUsage().heapUsed;
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peakRss) {
      peakRss = usage.rss;
      heapAtPeak = usage.heapUsed;
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const engine = await TokenEngine.start({ dataDir: dir, cipher, env: {}, fetch: countingFetch });
  // Each profile's expiry as the engine announces it (the status events a dashboard gets), so the
  // measurement does not itself rebuild 2,000 statuses several times a second.
  const expiresAt = new Map<string, number>();
  for (const status of engine.listStatuses()) if (status.tokenPreview !== undefined && status.expiresAt !== undefined) expiresAt.set(status.profile.id, status.expiresAt);
  engine.onChange((change) => {
    if (change.type !== 'status') return;
    if (change.status.tokenPreview !== undefined && change.status.expiresAt !== undefined) expiresAt.set(change.status.profile.id, change.status.expiresAt);
    else expiresAt.delete(change.status.profile.id);
  });
  const holding = () => {
    const now = Date.now();
    let n = 0;
    for (const at of expiresAt.values()) if (at > now) n += 1;
    return n;
  };
  let allValidAt: number | undefined;
  while (Date.now() - started < 30_000) {
    sample();
    if (holding() === count) {
      allValidAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let minValid = count;
  const holdFrom = allValidAt ?? Date.now();
  while (Date.now() - holdFrom < setup.holdSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    minValid = Math.min(minValid, holding());
    sample();
  }
  // The engine's own word at the end, in case an event was missed.
  const finalNow = Date.now();
  minValid = Math.min(minValid, engine.listStatuses().filter((s) => holdsToken(s, finalNow)).length);
  loop.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const wallSec = (Date.now() - started) / 1000;
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
  // Start-up (until all were valid) is excluded: it is bounded by the request gate, not spread.
  const steadyFrom = Math.floor(holdFrom / 1000) + 1;
  const steadyTo = Math.floor(Date.now() / 1000) - 1;
  const steady: number[] = [];
  for (let s = steadyFrom; s <= steadyTo; s += 1) steady.push(perSecond.get(s) ?? 0);
  return {
    profiles: count,
    allValidAfterSec: allValidAt === undefined ? null : (allValidAt - started) / 1000,
    minValid: allValidAt === undefined ? 0 : minValid,
    tokenRequests,
    busiestSecond: steady.length ? Math.max(...steady) : 0,
    meanPerSecond: steady.length ? steady.reduce((a, b) => a + b, 0) / steady.length : 0,
    eventLoopP99Ms: loop.percentile(99) / 1e6,
    peakRssMb: peakRss / 1048576,
    heapAtPeakMb: heapAtPeak / 1048576,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    wallSec,
  };
}

export function readSetup(file: string): FleetSetup {
  return JSON.parse(readFileSync(file, 'utf8')) as FleetSetup;
}
