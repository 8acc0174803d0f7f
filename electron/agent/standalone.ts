// The CLI's standalone mode: when no TokenTray process serves the data folder, the CLI takes the
// folder's lock, runs the engine and the agent for as long as its own request (and any other
// tokentray command that arrives meanwhile) needs, then lets go. Concurrent commands that lose
// the race for the lock simply ask the winner's agent, so there is still one refresher per folder.
// Loaded only on this path (dynamic import), so the CLI's usual start stays small.

import { readFile } from 'node:fs/promises';
import type { AgentMethod, AgentParams, AgentResponses } from '../../shared/agent-protocol.js';
import { APP_VERSION } from '../services/version.js';
import { dataFiles, TokenEngine, openNodeVaultCipher, NODE_VAULT_BACKENDS, vaultBackendOf } from '../engine/index.js';
import { AgentCallError, AgentUnavailableError } from './agent-client.js';
import { claimDataFolder } from './agent-host.js';
import { agentSocketPath } from './socket-path.js';
import { preflight } from './standalone-preflight.js';

const WAIT_FOR_FOLDER_MS = 15_000;
/** After the last answer, keep serving briefly for commands started at the same moment. */
const LINGER_IDLE_MS = 250;

/** Questions answerable without stored secrets: everything else needs the vault to persist. */
const WITHOUT_SECRETS: ReadonlySet<AgentMethod> = new Set(['hello', 'list']);

export interface StandaloneRequest<M extends AgentMethod> {
  dataDir: string;
  command: string;
  method: M;
  params: AgentParams<M>;
  /** Asks the agent on this socket (ours once we own the folder, the owner's otherwise). */
  ask: (socketPath: string) => Promise<AgentResponses[M]>;
  /** Overrides the method's own need for stored secrets (`status` asks `list`, but its answer is about tokens). */
  needsSecrets?: boolean;
}

export const STANDALONE_SIGNIN_HINT = 'Start TokenTray (the desktop app, or `npm start` in a clone), sign in from its tray or dashboard, then run the command again.';

export async function runStandalone<M extends AgentMethod>(request: StandaloneRequest<M>): Promise<AgentResponses[M]> {
  // Answer what reading alone can answer, so a missing or empty folder is never created or written.
  const early = await preflight(request.dataDir, request.method, request.params);
  if (early.settled) return early.answer;
  return runWithFolder({ dataDir: request.dataDir, command: request.command, needsSecrets: request.needsSecrets ?? !WITHOUT_SECRETS.has(request.method), work: request.ask });
}

/**
 * Several agent calls on one data folder: the running TokenTray's agent, or (when none runs) an
 * engine started here that holds the folder for as long as `work` takes (exec --via-gateway keeps
 * its gateway for the program's whole life).
 */
export async function runWithFolder<T>(request: { dataDir: string; command: string; needsSecrets: boolean; work: (socketPath: string) => Promise<T> }): Promise<T> {
  const socket = agentSocketPath(request.dataDir);
  if (!socket.ok) throw new AgentCallError('config', socket.message);
  const { needsSecrets } = request;
  const started = Date.now();
  const deadline = started + WAIT_FOR_FOLDER_MS;
  for (;;) {
    const claim = await claimDataFolder({ dataDir: request.dataDir, mode: 'cli', command: request.command });
    if (!claim.ok && claim.untrusted) throw new AgentCallError('untrusted_folder', claim.message);
    if (claim.ok) {
      let engine: TokenEngine | undefined;
      try {
        await refuseDesktopVault(request.dataDir);
        // The vault's key comes from the OS keyring (the environment the command runs in decides
        // which session's keyring); without one, the key-file fallback as in Node mode.
        const cipher = await openNodeVaultCipher({ dataDir: request.dataDir, env: process.env });
        engine = await TokenEngine.start({ dataDir: request.dataDir, cipher, env: {}, autoStart: false });
        if (needsSecrets && !engine.storageProtection().persistent) {
          const why = cipher.startupNotice?.()?.message ?? 'TokenTray keeps secrets in memory only here (no keyring-backed encryption, and weak protection is not turned on).';
          throw new AgentCallError('memory_only', `No TokenTray is running for ${request.dataDir}. ${why} So there is no stored sign-in to use. Keep TokenTray running (the desktop app or \`npm start\`) and run the command again, or turn on "Store secrets with weak protection" in its Settings (or start it once with TOKENTRAY_PERSIST_SECRETS=1) so tokentray can work on its own.`);
        }
        const server = await claim.owner.serveAgent({ engine, version: APP_VERSION, signInHint: STANDALONE_SIGNIN_HINT });
        const answer = await request.work(socket.path);
        await lingerUntilIdle(server.activity);
        return answer;
      } finally {
        // Answers first, then the engine's last writes, and only then may another process own the folder.
        await claim.owner.stopAgent();
        await engine?.stop();
        await claim.owner.release();
      }
    }
    try {
      return await request.work(socket.path);
    } catch (error) {
      if (!(error instanceof AgentUnavailableError)) throw error;
    }
    // The holder is starting, stopping, or hung. A desktop app or Node entry that holds the folder
    // but never answers is worth reporting quickly; a crashed holder's lock goes stale in seconds.
    const settled = claim.holder && claim.holder.mode !== 'cli' && claim.holderRunning && Date.now() - started > 3_000;
    if (settled || Date.now() > deadline) {
      throw new AgentCallError('not_running', `${claim.message} Its agent does not answer on ${socket.path}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
  }
}

/** A vault encrypted by the desktop app's safeStorage can only be opened inside the app: never touch it. */
async function refuseDesktopVault(dataDir: string): Promise<void> {
  let backend: unknown;
  try {
    backend = vaultBackendOf(await readFile(dataFiles(dataDir).vault, 'utf8'));
  } catch {
    return; // no vault yet, or a damaged one the engine will report
  }
  if (typeof backend === 'string' && !NODE_VAULT_BACKENDS.includes(backend)) {
    throw new AgentCallError('desktop_vault', `No TokenTray is running for ${dataDir}, and its secrets are encrypted by the TokenTray desktop app (${backend}), which only the app can decrypt, so tokentray will not open them on its own. Start the TokenTray desktop app, then run the command again.`);
  }
}

async function lingerUntilIdle(activity: () => { inFlight: number; lastActivityAt: number }): Promise<void> {
  for (;;) {
    const { inFlight, lastActivityAt } = activity();
    const quietFor = Date.now() - lastActivityAt;
    if (inFlight === 0 && quietFor >= LINGER_IDLE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(10, LINGER_IDLE_MS - quietFor)));
  }
}
