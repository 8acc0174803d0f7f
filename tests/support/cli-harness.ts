// What the CLI tests need: the bundled CLI, a data folder seeded with sandbox-backed profiles
// (Node-mode vault with weak protection opted in, as a standalone run needs), a way to run
// `tokentray` as a real child process, and an in-process "app" (lock + engine + agent).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProfileConfig } from '../../shared/domain.js';
import { claimDataFolder, type DataFolderOwner } from '../../electron/agent/agent-host.js';
import { dataFiles } from '../../electron/engine/config/data-dir.js';
import { SettingsStore } from '../../electron/engine/config/settings-store.js';
import { TokenEngine } from '../../electron/engine/engine.js';
import { ProfileFile } from '../../electron/engine/profiles/index.js';
import { SANDBOX_CLIENTS } from '../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../../electron/engine/vault/vault.js';
import { buildCli } from '../../cli/build.mjs';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'tokentray.mjs');

let built: Promise<unknown> | undefined;
/** Bundles the CLI once per test file (esbuild, well under a second). */
export const ensureCliBuilt = (): Promise<unknown> => (built ??= buildCli());

/** What most CLI test files start with: the CLI bundled and a sandbox with 10-minute tokens. */
export async function startCliSandbox(): Promise<SandboxIdp> {
  await ensureCliBuilt();
  return startSandboxIdp({ accessTokenTtlSec: 600 });
}

export function nodeCipher(dataDir: string): Promise<AesGcmCipher> {
  return AesGcmCipher.fromKeyFile(dataFiles(dataDir).nodeModeKey, { strong: false, backend: 'node-key-file' });
}

export interface SeededFolder {
  dataDir: string;
  profiles: ProfileConfig[];
  /** The refresh token each profile was seeded with. */
  refreshTokens: Record<string, string>;
  remove(): void;
}

/** A data folder with Genesys code-grant profiles against the sandbox, each holding only a refresh token. */
export async function seedDataFolder(sandbox: SandboxIdp, ids: string[] = ['prod'], options: { persist?: boolean } = {}): Promise<SeededFolder> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tt-cli-'));
  const files = dataFiles(dataDir);
  await (await SettingsStore.open(dataDir)).update({ persistSecretsWithWeakProtection: options.persist ?? true });
  const client = SANDBOX_CLIENTS.codeClient;
  const profiles: ProfileConfig[] = ids.map((id) => ({
    id,
    name: `Org ${id}`,
    provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl },
    grant: 'authorization_code',
    clientId: client.clientId,
    requiredScopes: ['conversations'],
  }));
  await new ProfileFile(files.profiles).save(profiles);
  const vault = await Vault.open({ file: files.vault, cipher: await nodeCipher(dataDir), persist: 'always' });
  const refreshTokens: Record<string, string> = {};
  for (const profile of profiles) {
    refreshTokens[profile.id] = sandbox.mintRefreshToken(client.clientId);
    await vault.update(profile.id, { clientSecret: client.clientSecret, refreshToken: refreshTokens[profile.id] });
  }
  await vault.flush();
  return { dataDir, profiles, refreshTokens, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export interface CliOptions {
  dataDir: string;
  env?: Record<string, string>;
  /** Called once the child exists (e.g. to signal it). */
  onSpawn?: (pid: number) => void;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
}

/** Runs `node bin/tokentray.mjs ARGS` as a real process against a data folder. */
export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const inherited: Record<string, string | undefined> = { ...process.env };
    delete inherited.TOKENTRAY_PROFILE;
    delete inherited.TOKENTRAY_AGENT_SOCKET;
    // The test machines run many suites at once (load far above their cores): a generous answer
    // deadline keeps 50 processes at once from timing out. Deadline tests set their own.
    // Never the developer's own keyring: a test that wants one passes its private bus in env.
    delete inherited.DBUS_SESSION_BUS_ADDRESS;
    const env = { ...inherited, TOKENTRAY_TIMEOUT: '60', TOKENTRAY_DATA_DIR: options.dataDir, ...options.env };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      options.onStdout?.(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      options.onStderr?.(chunk.toString('utf8'));
    });
    child.on('error', reject);
    if (child.pid) options.onSpawn?.(child.pid);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid ?? -1 }));
  });
}

export interface RunningApp {
  engine: TokenEngine;
  owner: DataFolderOwner;
  socketPath: string;
  close(): Promise<void>;
}

/** What `npm start` does for the folder, in this process: lock, engine, agent. */
export async function startApp(dataDir: string, options: { signInHint?: string } = {}): Promise<RunningApp> {
  const claim = await claimDataFolder({ dataDir, mode: 'node', command: 'test app' });
  if (!claim.ok) throw new Error(claim.message);
  const engine = await TokenEngine.start({ dataDir, cipher: await nodeCipher(dataDir), env: {}, autoStart: false, retryPolicy: { baseMs: 20, capMs: 100 } });
  const agent = await claim.owner.serveAgent({ engine, version: 'test', signInHint: options.signInHint ?? 'Sign in from the test dashboard.' });
  return {
    engine,
    owner: claim.owner,
    socketPath: agent.socketPath,
    close: async () => {
      await claim.owner.stopAgent();
      await engine.stop();
      await claim.owner.release();
    },
  };
}
