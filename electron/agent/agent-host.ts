// Owning a data folder: take the lock before anything opens the vault, then serve the local agent
// for whichever engine runs there. Used by the desktop app, the Node entry and the CLI's
// standalone mode, so all three follow one rule: one refresher per data folder.

import { silentLogger, type Logger } from '../engine/index.js';
import { startAgentServer, type AgentServer } from './agent-server.js';
import { createAgentService, type AgentServiceOptions } from './agent-service.js';
import { tryLockDataFolder, type HeldDataFolderLock, type LockOwner, type OwnerMode } from './data-folder-lock.js';
import { folderTrustProblems, untrustedMessage } from './folder-trust.js';
import { agentSocketPath } from './socket-path.js';

export interface ClaimOptions {
  dataDir: string;
  mode: OwnerMode;
  /** Shown to a second instance, e.g. "npm start (browser dashboard)". */
  command: string;
  logger?: Logger;
  /** The lock was lost while held (suspended past the stale time); the host should stop refreshing. */
  onLost?: (message: string) => void;
}

export type Claim =
  | { ok: true; owner: DataFolderOwner }
  | { ok: false; message: string; holder: LockOwner | undefined; holderRunning: boolean | undefined; untrusted?: true };

export async function claimDataFolder(options: ClaimOptions): Promise<Claim> {
  // Before anything reads the profiles (which decide where secrets go): the folder must be ours alone.
  const problems = await folderTrustProblems(options.dataDir);
  if (problems.length > 0) return { ok: false, message: untrustedMessage(options.dataDir, problems), holder: undefined, holderRunning: undefined, untrusted: true };
  const attempt = await tryLockDataFolder(options.dataDir, { mode: options.mode, command: options.command, onLost: options.onLost });
  if (!attempt.acquired) return { ok: false, message: attempt.message, holder: attempt.holder, holderRunning: attempt.holderRunning };
  return { ok: true, owner: new DataFolderOwner(attempt.lock, options.mode, options.logger ?? silentLogger) };
}

export class DataFolderOwner {
  private agent: AgentServer | undefined;

  constructor(private readonly lock: HeldDataFolderLock, private readonly mode: OwnerMode, private readonly logger: Logger) {}

  get dataDir(): string {
    return this.lock.dataDir;
  }

  /** Starts the agent on the folder's socket; throws with a sentence when the socket cannot exist. */
  async serveAgent(options: Omit<AgentServiceOptions, 'mode'>): Promise<AgentServer> {
    const socket = agentSocketPath(this.lock.dataDir);
    if (!socket.ok) throw new Error(socket.message);
    this.agent = await startAgentServer({ socketPath: socket.path, service: createAgentService({ ...options, mode: this.mode }), logger: this.logger });
    return this.agent;
  }

  /** Stops the agent; answers in flight finish first. */
  async stopAgent(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    await agent?.close().catch(() => {});
  }

  /** Stops the agent and lets go of the folder. Stop the engine in between, so its last writes land first. */
  async release(): Promise<void> {
    await this.stopAgent();
    await this.lock.release();
  }
}
