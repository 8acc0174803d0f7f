// Owning a data folder: take the lock before anything opens the vault, then serve the local agent
// for whichever engine runs there. Used by the desktop app, the Node entry and the CLI's
// standalone mode, so all three follow one rule: one refresher per data folder.

import { silentLogger, type Logger } from '../engine/index.js';
import { Gateway, type GatewayOptions } from '../gateway/gateway.js';
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

/** How the host hears about the gateway (a consumer burning the budget, a port that moved). */
export type GatewayNotice = Parameters<NonNullable<GatewayOptions['onNotice']>>[0];

export class DataFolderOwner {
  private agent: AgentServer | undefined;
  private gatewayRef: Gateway | undefined;

  constructor(private readonly lock: HeldDataFolderLock, private readonly mode: OwnerMode, private readonly logger: Logger) {}

  get dataDir(): string {
    return this.lock.dataDir;
  }

  /** The local gateway beside the agent (undefined before serveAgent, or when it could not start). */
  get gateway(): Gateway | undefined {
    return this.gatewayRef;
  }

  /**
   * Starts the agent on the folder's socket, and the gateway beside it (which listens once a consumer
   * key exists); throws with a sentence when the socket cannot exist. A gateway that cannot start is
   * reported, never fatal: tokens still flow through the agent.
   */
  async serveAgent(options: Omit<AgentServiceOptions, 'mode' | 'gateway'> & { onGatewayNotice?: (notice: GatewayNotice) => void; env?: Record<string, string | undefined> }): Promise<AgentServer> {
    const socket = agentSocketPath(this.lock.dataDir);
    if (!socket.ok) throw new Error(socket.message);
    const { onGatewayNotice, env, ...serviceOptions } = options;
    this.gatewayRef = await this.openGateway(options.engine, env ?? process.env, onGatewayNotice);
    this.agent = await startAgentServer({ socketPath: socket.path, service: createAgentService({ ...serviceOptions, mode: this.mode, ...(this.gatewayRef ? { gateway: this.gatewayRef } : {}) }), logger: this.logger });
    return this.agent;
  }

  /** Stops the agent and the gateway; answers in flight finish first. */
  async stopAgent(): Promise<void> {
    const agent = this.agent;
    const gateway = this.gatewayRef;
    this.agent = undefined;
    this.gatewayRef = undefined;
    await agent?.close().catch(() => {});
    await gateway?.close().catch(() => {});
  }

  private async openGateway(engine: AgentServiceOptions['engine'], env: Record<string, string | undefined>, onNotice: ((notice: GatewayNotice) => void) | undefined): Promise<Gateway | undefined> {
    const fixed = env.TOKENTRAY_GATEWAY_PORT?.trim();
    const fixedPort = fixed ? Number(fixed) : undefined;
    if (fixedPort !== undefined && !(Number.isInteger(fixedPort) && fixedPort > 0 && fixedPort < 65536)) {
      this.logger.warn('gateway not started', { error: `TOKENTRAY_GATEWAY_PORT is "${fixed}"; give a port number from 1 to 65535, or unset it to let TokenTray choose.` });
      return undefined;
    }
    try {
      return await Gateway.open({
        dataDir: this.lock.dataDir,
        engine,
        ...(fixedPort !== undefined ? { fixedPort } : {}),
        onNotice: (notice) => (onNotice ? onNotice(notice) : this.logger.warn(notice.title, { message: notice.message })),
      });
    } catch (error) {
      this.logger.warn('gateway not started', { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }

  /** Stops the agent and lets go of the folder. Stop the engine in between, so its last writes land first. */
  async release(): Promise<void> {
    await this.stopAgent();
    await this.lock.release();
  }
}
