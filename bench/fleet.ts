// Many profiles with short-lived tokens, kept fresh by the real refresher, scheduler and an
// encrypted, fsync'd vault against the sandbox: are all of them valid all the time, how bunched
// are the refreshes, and how much memory does each profile cost?
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../electron/engine/contracts.js';
import { Refresher } from '../electron/engine/refresher/refresher.js';
import { resolveTokenEndpointFor } from '../electron/engine/refresher/token-client.js';
import { SANDBOX_CLIENTS } from '../electron/sandbox/demo-clients.js';
import { startSandboxIdp } from '../electron/sandbox/sandbox-idp.js';
import { RefreshScheduler } from '../electron/engine/scheduler/scheduler.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import type { ProfileConfig } from '../shared/domain.js';

export interface FleetResult {
  profiles: number;
  seconds: number;
  /** Peak RSS includes the sandbox identity provider, which runs in the same process. */
  /** Lowest count of profiles holding an unexpired token, over one-second samples after start-up. */
  minValid: number;
  refreshes: number;
  failedRefreshes: number;
  /** Failed attempts by error code (retried ones included). */
  failureCodes: Record<string, number>;
  busiestSecond: number;
  vaultWrites: number;
  peakRssMb: number;
  rssPerProfileKb: number;
}

export async function runFleet(count: number, seconds: number, tokenTtlSec = 30): Promise<FleetResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tokentray-fleet-'));
  const sandbox = await startSandboxIdp({ accessTokenTtlSec: tokenTtlSec, idleTimeoutSec: 0 });
  // Measured in a fresh process (see fleet-run.ts), after the sandbox started, before any profile.
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const client = SANDBOX_CLIENTS.codeClient;
  const vault = await Vault.open({ file: join(dir, 'vault.json'), cipher: AesGcmCipher.random(), persist: 'always' });
  const profiles: ProfileConfig[] = Array.from({ length: count }, (_, i) => ({
    id: `p${i}`,
    name: `Profile ${i}`,
    provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl },
    grant: 'authorization_code',
    clientId: client.clientId,
    requiredScopes: [],
  }));
  await Promise.all(profiles.map((p) => vault.update(p.id, { clientSecret: client.clientSecret, refreshToken: sandbox.mintRefreshToken(client.clientId) })));
  const writesBefore = vault.writeCount();
  const perSecond = new Map<number, number>();
  let refreshes = 0;
  let failedRefreshes = 0;
  const failureCodes: Record<string, number> = {};
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const refresher = new Refresher({
    store: vault,
    clock: systemClock,
    resolveEndpoint: (p) => resolveTokenEndpointFor(p),
    onEvent: (event) => {
      if (event.type === 'refresh_succeeded') {
        refreshes += 1;
        const second = Math.floor(event.at / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        scheduler.schedule(event.profileId, { issuedAt: event.at, expiresAt: event.expiresAt });
      }
      if (event.type === 'refresh_failed') failureCodes[event.problem.code] = (failureCodes[event.problem.code] ?? 0) + 1;
      if (event.type === 'refresh_failed' && !event.willRetry) {
        failedRefreshes += 1;
        if (event.nextAttemptAt) scheduler.scheduleAt(event.profileId, event.nextAttemptAt);
      }
    },
  });
  const scheduler = new RefreshScheduler({ clock: systemClock, onDue: (id) => void refresher.refresh(byId.get(id)!, 'scheduled').catch(() => undefined) });
  // Start-up: every profile at once, as after a restart with no stored tokens.
  await Promise.all(profiles.map((p) => refresher.refresh(p, 'startup').catch(() => undefined)));
  const startedAt = Date.now();
  let minValid = count;
  while (Date.now() - startedAt < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = Date.now();
    const valid = profiles.filter((p) => (vault.get(p.id)?.accessTokenExpiresAt ?? 0) > now).length;
    minValid = Math.min(minValid, valid);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  scheduler.stop();
  await vault.flush();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
  // Seconds of start-up are excluded: all profiles refresh together there by design.
  const startSecond = Math.floor(startedAt / 1000);
  const steady = [...perSecond.entries()].filter(([s]) => s > startSecond).map(([, n]) => n);
  return {
    profiles: count,
    seconds,
    minValid,
    refreshes,
    failedRefreshes,
    failureCodes,
    busiestSecond: steady.length ? Math.max(...steady) : 0,
    vaultWrites: vault.writeCount() - writesBefore,
    peakRssMb: peakRss / 1048576,
    rssPerProfileKb: (peakRss - baseRss) / 1024 / count,
  };
}
