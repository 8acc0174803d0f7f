// How the CLI asks: the agent of whichever TokenTray process holds the data folder, within
// deadlines, or, when none does, the engine run here for this one request (loaded on demand, so the
// usual path imports only the thin client and the shared protocol).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AgentMethod, AgentParams, AgentResponses, ClientInfo } from '../shared/agent-protocol.js';
import { AgentCallError, AgentNoAnswerError, AgentUnavailableError, callAgent } from '../electron/agent/agent-client.js';
import { socketTrustProblems, untrustedMessage } from '../electron/agent/folder-trust.js';
import { agentSocketPath } from '../electron/agent/socket-path.js';
import { defaultDataDir } from '../electron/engine/config/data-dir.js';
import { defaultTimeoutSec } from './options.js';

export { AgentCallError };

/** Methods that may take a while (the identity provider, a long import): the holder is then asked `hello` meanwhile, to tell "busy" from "frozen". */
const MAY_WAIT_FOR_PROVIDER: ReadonlySet<AgentMethod> = new Set(['token', 'refresh', 'importGc']);
/** However alive the holder, a token request that takes longer than this has gone wrong (the engine's own retries end sooner). */
const PROVIDER_CAP_MS = 180_000;

export interface AskContext {
  /** e.g. "tokentray token" or "tokentray exec terraform": what the audit log names (no arguments, which may hold secrets). */
  command: string;
  /** --timeout: how long the holder may take to accept and answer (seconds). */
  timeoutSec?: number;
  /** The answer is about tokens (status), which with no TokenTray running only stored secrets can tell. */
  aboutTokens?: boolean;
}

/** The data folder this CLI talks about: named in every error. */
export const currentDataDir = (): string => defaultDataDir();

export async function ask<M extends AgentMethod>(context: AskContext, method: M, params: AgentParams<M>): Promise<AgentResponses[M]> {
  const dataDir = currentDataDir();
  const socket = agentSocketPath(dataDir);
  if (!socket.ok) throw new AgentCallError('config', socket.message);
  const client = clientInfo(context.command);
  const fallback = defaultTimeoutSec();
  if (typeof fallback !== 'number' && context.timeoutSec === undefined) throw new AgentCallError('usage', fallback.problem);
  const timeoutMs = (context.timeoutSec ?? (fallback as number)) * 1000;
  const call = (path: string) => callWithDeadlines(path, method, params, client, timeoutMs);
  // An agent socket someone else could have put there would hand out their tokens: believe ours only.
  const problems = await socketTrustProblems(dataDir, socket.path);
  if (problems.length > 0) throw new AgentCallError('untrusted_folder', untrustedMessage(dataDir, problems));
  try {
    try {
      return await call(socket.path);
    } catch (error) {
      if (!(error instanceof AgentUnavailableError)) throw error;
      if (process.env.TOKENTRAY_AGENT_SOCKET) {
        throw new AgentCallError('not_running', `No TokenTray agent answers on TOKENTRAY_AGENT_SOCKET=${socket.path}. Start TokenTray there, or unset the variable.`);
      }
    }
    const { runStandalone } = await import('../electron/agent/standalone.js');
    return await runStandalone({ dataDir, command: context.command, method, params, ask: call, ...(context.aboutTokens ? { needsSecrets: true } : {}) });
  } catch (error) {
    if (error instanceof AgentNoAnswerError) throw await notAnswering(dataDir, error);
    throw error;
  }
}

async function callWithDeadlines<M extends AgentMethod>(path: string, method: M, params: AgentParams<M>, client: ClientInfo, timeoutMs: number): Promise<AgentResponses[M]> {
  const quick = { connectMs: timeoutMs, answerMs: timeoutMs };
  if (!MAY_WAIT_FOR_PROVIDER.has(method)) return callAgent(path, method, params, client, quick);
  const answer = callAgent(path, method, params, client, { connectMs: timeoutMs, answerMs: PROVIDER_CAP_MS });
  const done = answer.then(() => true, () => true);
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const finished = await Promise.race([done, tick]);
    clearTimeout(timer);
    if (finished) return answer;
    // Still waiting: fine while the holder answers a cheap question; throws AgentNoAnswerError when it is frozen.
    await callAgent(path, 'hello', {}, client, quick);
  }
}

/** Exit 3 with who holds the folder (when a live process does) and what to do. */
async function notAnswering(dataDir: string, error: AgentNoAnswerError): Promise<AgentCallError> {
  const { readLiveLockOwner } = await import('../electron/agent/data-folder-lock.js');
  const holder = await readLiveLockOwner(dataDir).catch(() => undefined);
  const who = holder ? `TokenTray (pid ${holder.pid}, "${holder.command}")` : 'The process serving its agent socket';
  return new AgentCallError('not_answering', `${who} holds ${dataDir} but is not answering: ${error.message} It may be frozen or overloaded. Try again with a longer --timeout, or restart it${holder ? ` (kill ${holder.pid})` : ''}.`);
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
