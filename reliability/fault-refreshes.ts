// N refreshes against the sandbox with random faults: 429 (Retry-After in seconds and as an HTTP
// date), 5xx, dropped connections, slow answers past the timeout, malformed bodies and responses
// lost after the server rotated the token. Time is virtual (backoff waits advance a clock instead
// of sleeping), the vault is real (encrypted, fsync'd). Counts crashes, tokens lost outside the
// unavoidable window (target 0 each) and the longest backoff.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, type Clock } from '../electron/engine/contracts.js';
import { Refresher, type RefreshEvent } from '../electron/engine/refresher/refresher.js';
import { resolveTokenEndpointFor } from '../electron/engine/refresher/token-client.js';
import { SANDBOX_CLIENTS } from '../electron/sandbox/demo-clients.js';
import type { SandboxFault } from '../electron/sandbox/faults.js';
import { startSandboxIdp } from '../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import type { ProfileConfig } from '../shared/domain.js';
import { startLossyProxy, type ProxyFault } from './lossy-proxy.js';

export interface FaultRunResult {
  refreshes: number;
  succeeded: number;
  /** Refreshes that ended without a token but kept the working refresh token (retried later). */
  deferred: number;
  crashes: number;
  /** The server had rotated (its answer was lost on the way): unavoidable with single-use tokens. */
  lostInsideWindow: number;
  lostOutsideWindow: number;
  longestBackoffMs: number;
  /** Attempts whose answer did not come within the timeout (the slow fault, or a loaded machine). */
  timeouts: number;
  faultsInjected: Record<string, number>;
  attempts: number;
  wallMs: number;
  details: string[];
}

type Plan = { kind: 'none' } | { kind: 'sandbox'; fault: SandboxFault; label: string } | { kind: 'proxy'; faults: ProxyFault[]; label: string };

/** The refresher's timeout here, and a "slow" answer that arrives after it. */
const TIMEOUT_MS = 250;
const SLOW_PAST_TIMEOUT_MS = 400;

function pickFault(random: () => number): Plan {
  const r = random();
  const times = 1 + Math.floor(random() * 3);
  if (r < 0.5) return { kind: 'none' };
  if (r < 0.58) return { kind: 'sandbox', label: '429 seconds', fault: { kind: 'rate_limit', retryAfter: { seconds: Math.floor(random() * 90) }, times } };
  if (r < 0.66) return { kind: 'sandbox', label: '429 http-date', fault: { kind: 'rate_limit', retryAfter: { seconds: 1 + Math.floor(random() * 90), httpDate: true }, times } };
  if (r < 0.74) return { kind: 'sandbox', label: '5xx', fault: { kind: 'server_error', status: ([500, 502, 503] as const)[Math.floor(random() * 3)], times } };
  if (r < 0.8) return { kind: 'sandbox', label: 'malformed', fault: { kind: 'malformed_json', times } };
  if (r < 0.86) return { kind: 'sandbox', label: 'slow', fault: { kind: 'slow', delayMs: random() < 0.5 ? 20 : SLOW_PAST_TIMEOUT_MS, times: 1 } };
  if (r < 0.94) return { kind: 'proxy', label: 'dropped', faults: Array.from({ length: times }, () => 'drop' as const) };
  return { kind: 'proxy', label: 'lost response', faults: ['lose_response'] };
}

export async function runFaultRefreshes(refreshes: number, seed = 1): Promise<FaultRunResult> {
  let state = seed;
  // A small deterministic generator, so a failing run can be replayed with its seed.
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  let offset = 0;
  const clock: Clock = { now: () => Date.now() + offset };
  const dir = mkdtempSync(join(tmpdir(), 'tokentray-faults-'));
  const sandbox = await startSandboxIdp({ accessTokenTtlSec: 3600, clock });
  const proxy = await startLossyProxy(sandbox.baseUrl);
  const client = SANDBOX_CLIENTS.codeClient;
  const profile: ProfileConfig = {
    id: 'faults',
    name: 'Faults',
    provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: `${proxy.baseUrl}/login`, apiBaseUrl: `${proxy.baseUrl}/api-host` },
    grant: 'authorization_code',
    clientId: client.clientId,
    requiredScopes: [],
  };
  const vault = await Vault.open({ file: join(dir, 'vault.json'), cipher: AesGcmCipher.random(), persist: 'always' });
  await vault.update(profile.id, { clientSecret: client.clientSecret, refreshToken: sandbox.mintRefreshToken(client.clientId) });
  const result: FaultRunResult = { refreshes, succeeded: 0, deferred: 0, crashes: 0, lostInsideWindow: 0, lostOutsideWindow: 0, longestBackoffMs: 0, timeouts: 0, faultsInjected: {}, attempts: 0, wallMs: 0, details: [] };
  const events: RefreshEvent[] = [];
  const refresher = new Refresher({
    store: vault,
    clock,
    resolveEndpoint: (p) => resolveTokenEndpointFor(p),
    onEvent: (e) => events.push(e),
    policy: { timeoutMs: TIMEOUT_MS },
    random,
    sleep: async (ms) => {
      result.longestBackoffMs = Math.max(result.longestBackoffMs, ms);
      offset += ms;
    },
  });
  const started = Date.now();
  try {
    for (let i = 0; i < refreshes; i += 1) {
      const plan = pickFault(random);
      sandbox.faults.clear();
      proxy.queue = [];
      if (plan.kind === 'sandbox') sandbox.faults.set(plan.fault);
      if (plan.kind === 'proxy') proxy.queue = [...plan.faults];
      if (plan.kind !== 'none') result.faultsInjected[plan.label] = (result.faultsInjected[plan.label] ?? 0) + 1;
      const lostBefore = proxy.lostResponses;
      const refreshTokenBefore = vault.get(profile.id)?.refreshToken;
      events.length = 0;
      try {
        const tokens = await refresher.refresh(profile, 'forced');
        if (vault.get(profile.id)?.refreshToken !== (tokens.refreshToken ?? refreshTokenBefore)) throw new Error('the handed-out token set is not what the vault holds');
        result.succeeded += 1;
      } catch (error) {
        if (!(error instanceof EngineError)) {
          result.crashes += 1;
          result.details.push(`refresh ${i} (${plan.kind === 'none' ? 'no fault' : plan.label}): ${String(error)}`);
        } else if (error.kind === 'grant_rejected') {
          // The refresh token no longer works. Only acceptable when the server acted on a request
          // whose answer we never got: the lost-response fault, or an answer that came after the
          // timeout (a slow fault, or a loaded machine), so the server rotated and we gave up waiting.
          const answerCameTooLate = events.some((e) => e.type === 'refresh_failed' && e.problem.code === 'timeout');
          if (proxy.lostResponses > lostBefore || answerCameTooLate) result.lostInsideWindow += 1;
          else {
            result.lostOutsideWindow += 1;
            result.details.push(`refresh ${i} (${plan.kind === 'none' ? 'no fault' : plan.label}): ${error.message}`);
          }
          // A new sign-in, so the run continues.
          await vault.update(profile.id, { refreshToken: sandbox.mintRefreshToken(client.clientId) });
          refresher.forget(profile.id);
        } else {
          result.deferred += 1;
          if (vault.get(profile.id)?.refreshToken !== refreshTokenBefore) {
            result.lostOutsideWindow += 1;
            result.details.push(`refresh ${i}: the stored refresh token changed although the refresh failed (${error.message})`);
          }
        }
      }
      result.attempts += events.filter((e) => e.type === 'refresh_succeeded' || e.type === 'refresh_failed').length;
      result.timeouts += events.filter((e) => e.type === 'refresh_failed' && e.problem.code === 'timeout').length;
      // Lost responses for slow answers: let the server finish before the next refresh.
      if (plan.kind === 'sandbox' && plan.label === 'slow') await new Promise((r) => setTimeout(r, SLOW_PAST_TIMEOUT_MS + 20));
    }
  } finally {
    result.wallMs = Date.now() - started;
    await proxy.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
