// How the CLI asks: the agent of whichever TokenTray process holds the data folder, or, when
// none does, the engine run here for this one request (loaded on demand, so the usual path imports
// only the thin client and the shared protocol).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AgentMethod, AgentParams, AgentResponses, ClientInfo } from '../shared/agent-protocol.js';
import { AgentCallError, AgentUnavailableError, callAgent } from '../electron/agent/agent-client.js';
import { agentSocketPath } from '../electron/agent/socket-path.js';
import { defaultDataDir } from '../electron/engine/config/data-dir.js';

export { AgentCallError };

const READ_ONLY: ReadonlySet<AgentMethod> = new Set(['hello', 'list', 'status']);

export interface AskContext {
  /** e.g. "tokentray token" or "tokentray exec terraform": what the audit log names (no arguments, which may hold secrets). */
  command: string;
}

export async function ask<M extends AgentMethod>(context: AskContext, method: M, params: AgentParams<M>): Promise<AgentResponses[M]> {
  const dataDir = defaultDataDir();
  const socket = agentSocketPath(dataDir);
  if (!socket.ok) throw new AgentCallError('config', socket.message);
  const client = clientInfo(context.command);
  const call = (path: string) => callAgent(path, method, params, client);
  try {
    return await call(socket.path);
  } catch (error) {
    if (!(error instanceof AgentUnavailableError)) throw error;
    if (process.env.TOKENTRAY_AGENT_SOCKET) {
      throw new AgentCallError('not_running', `No TokenTray agent answers on TOKENTRAY_AGENT_SOCKET=${socket.path}. Start TokenTray there, or unset the variable.`);
    }
  }
  const { runStandalone } = await import('../electron/agent/standalone.js');
  return runStandalone({ dataDir, command: context.command, needsSecrets: !READ_ONLY.has(method), ask: call });
}

/** Who we are, for the audit log: our pid and command, and the parent (the script that ran us) where the OS tells. */
function clientInfo(command: string): ClientInfo {
  const info: ClientInfo = { pid: process.pid, command: command.slice(0, 200) };
  if (process.ppid > 0) {
    info.parentPid = process.ppid;
    const parent = parentCommand(process.ppid);
    if (parent) info.parentCommand = parent;
  }
  return info;
}

function parentCommand(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // The parent's program name only (comm), never its arguments, which may carry secrets.
    return basename(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).replace(/\p{Cc}/gu, '').slice(0, 64) || undefined;
  } catch {
    return undefined;
  }
}
