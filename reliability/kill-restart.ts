// kill -9 at random points of a refresh loop, then restart: does the vault still open, and does
// the refresh token it holds still work? A failure is either inside the unavoidable window (the
// request was out or the write not yet durable, so the server had rotated a token we never
// stored) or "other", which would be a defect (target: 0 other).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, systemClock } from '../electron/engine/contracts.js';
import { Refresher } from '../electron/engine/refresher/refresher.js';
import { resolveTokenEndpointFor } from '../electron/engine/refresher/token-client.js';
import { SANDBOX_CLIENTS } from '../electron/sandbox/demo-clients.js';
import { startSandboxIdp } from '../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import type { ProfileConfig } from '../shared/domain.js';

export interface KillRestartResult {
  runs: number;
  recovered: number;
  failedInsideWindow: number;
  failedOther: number;
  /** Kills that landed in each phase: R (starting), S (request out), W (writing), D (durable). */
  killedIn: Record<string, number>;
  leftoverTempFiles: number;
  otherDetails: string[];
}

export async function runKillRestart(runs: number, options: { maxDelayMs?: number } = {}): Promise<KillRestartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tokentray-kill-'));
  const sandbox = await startSandboxIdp({ accessTokenTtlSec: 3600 });
  const client = SANDBOX_CLIENTS.codeClient;
  const profile: ProfileConfig = {
    id: 'kill',
    name: 'Kill test',
    provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl },
    grant: 'authorization_code',
    clientId: client.clientId,
    requiredScopes: [],
  };
  const vaultFile = join(dir, 'vault.json');
  const keyFile = join(dir, 'vault.key');
  const cipher = await AesGcmCipher.fromKeyFile(keyFile);
  const seed = async () => {
    const vault = await Vault.open({ file: vaultFile, cipher, persist: 'always' });
    await vault.update(profile.id, { clientSecret: client.clientSecret, refreshToken: sandbox.mintRefreshToken(client.clientId) });
  };
  await seed();
  const result: KillRestartResult = { runs, recovered: 0, failedInsideWindow: 0, failedOther: 0, killedIn: {}, leftoverTempFiles: 0, otherDetails: [] };
  try {
    for (let run = 0; run < runs; run += 1) {
      const marks = await runAndKill(vaultFile, keyFile, profile, options.maxDelayMs ?? 400);
      const phase = marks.at(-1) ?? 'none';
      result.killedIn[phase] = (result.killedIn[phase] ?? 0) + 1;
      const vault = await Vault.open({ file: vaultFile, cipher, persist: 'always' });
      result.leftoverTempFiles += readdirSync(dir).filter((f) => f.endsWith('.tmp')).length;
      const problem = vault.recovery()
        ? `vault set aside: ${vault.recovery()!.reason}`
        : await new Refresher({ store: vault, clock: systemClock, resolveEndpoint: (p) => resolveTokenEndpointFor(p) })
          .refresh(profile, 'startup').then(() => undefined, (error: unknown) => (error instanceof EngineError ? `${error.kind}: ${error.message}` : `crash: ${String(error)}`));
      if (problem === undefined) {
        result.recovered += 1;
        continue;
      }
      if ((phase === 'S' || phase === 'W') && problem.startsWith('grant_rejected')) result.failedInsideWindow += 1;
      else {
        result.failedOther += 1;
        result.otherDetails.push(`killed after "${phase}": ${problem}`);
      }
      await seed(); // a new sign-in, so the next run starts healthy
    }
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Starts the loop, waits until it runs, kills it with SIGKILL after a random delay; returns its marks. */
async function runAndKill(vaultFile: string, keyFile: string, profile: ProfileConfig, maxDelayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'refresh-loop-child.ts'), vaultFile, keyFile, JSON.stringify(profile)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let marks = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      marks += chunk.toString();
      if (marks.includes('R')) resolve();
    });
    void exited.then((code) => reject(new Error(`refresh loop exited by itself (${code}): ${marks.slice(-200)}`)));
  });
  await new Promise((r) => setTimeout(r, Math.random() * maxDelayMs));
  child.kill('SIGKILL');
  await exited;
  // Only the phase letters matter; an error line would have ended the process before the kill.
  return marks.replace(/[^RSWD]/g, '');
}
