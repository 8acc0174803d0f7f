// The thin client of the local agent: one connection, one request line, one answer line, within a
// deadline. Used by the `tokentray` CLI (so it imports only Node's net and the shared protocol) and
// by tests.

import { createConnection } from 'node:net';
import * as v from 'valibot';
import {
  AGENT_PROTOCOL_VERSION,
  AgentResponseSchema,
  type AgentMethod,
  type AgentParams,
  type AgentResponses,
  type ClientInfo,
} from '../../shared/agent-protocol.js';

/** Nobody is listening on the socket (no TokenTray process serves this data folder right now). */
export class AgentUnavailableError extends Error {
  constructor(message: string, readonly errno: string) {
    super(message);
    this.name = 'AgentUnavailableError';
  }
}

/** Something holds the socket but did not connect or answer in time: a frozen or overloaded holder. */
export class AgentNoAnswerError extends Error {
  constructor(readonly phase: 'connect' | 'answer', readonly waitedMs: number) {
    super(phase === 'connect' ? `The TokenTray agent did not accept the connection within ${seconds(waitedMs)}.` : `The TokenTray agent accepted the connection but did not answer within ${seconds(waitedMs)}.`);
    this.name = 'AgentNoAnswerError';
  }
}

/** The agent answered with an error envelope. */
export class AgentCallError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AgentCallError';
  }
}

export interface CallDeadlines {
  /** From the connect call to the connection being accepted. */
  connectMs: number;
  /** From the request being sent to the whole answer line arriving. */
  answerMs: number;
}

/** Generous defaults for callers that do not choose (tests, the benchmark); the CLI passes its --timeout. */
export const DEFAULT_CALL_DEADLINES: CallDeadlines = { connectMs: 5_000, answerMs: 5_000 };

const UNAVAILABLE = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'EPIPE', 'ECONNRESET']);
const MAX_ANSWER_BYTES = 1024 * 1024;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function callAgent<M extends AgentMethod>(socketPath: string, method: M, params: AgentParams<M>, client: ClientInfo, deadlines: CallDeadlines = DEFAULT_CALL_DEADLINES): Promise<AgentResponses[M]> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let connected = false;
    let settled = false;
    let answer: Buffer = Buffer.alloc(0);
    let timer = setTimeout(() => fail(new AgentNoAnswerError('connect', deadlines.connectMs)), deadlines.connectMs);
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (error: Error) => settle(() => {
      socket.destroy();
      reject(error);
    });
    socket.on('connect', () => {
      connected = true;
      clearTimeout(timer);
      timer = setTimeout(() => fail(new AgentNoAnswerError('answer', deadlines.answerMs)), deadlines.answerMs);
      socket.write(`${JSON.stringify({ v: AGENT_PROTOCOL_VERSION, id: 1, method, params, client })}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      const newline = answer.indexOf(10);
      if (newline === -1) {
        if (answer.length > MAX_ANSWER_BYTES) fail(new AgentCallError('invalid_answer', 'The agent sent an oversized answer.'));
        return;
      }
      socket.end();
      settle(() => {
        try {
          const parsed = v.parse(AgentResponseSchema, JSON.parse(answer.subarray(0, newline).toString('utf8')));
          if (parsed.ok) resolve(parsed.value as AgentResponses[M]);
          else reject(new AgentCallError(parsed.error.code, parsed.error.message));
        } catch {
          reject(new AgentCallError('invalid_answer', `The agent answered something that is not agent protocol v${AGENT_PROTOCOL_VERSION}; update tokentray and TokenTray so both match.`));
        }
      });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'unknown';
      if (!connected && UNAVAILABLE.has(code)) fail(new AgentUnavailableError(`No TokenTray agent answers on ${socketPath} (${code}).`, code));
      else if (code === 'EACCES') fail(new AgentCallError('forbidden', `The agent socket ${socketPath} belongs to another user (EACCES).`));
      else fail(new AgentUnavailableError(`The connection to the TokenTray agent failed (${code}).`, code));
    });
    socket.on('close', () => fail(new AgentUnavailableError('The TokenTray agent closed the connection without answering (it may be shutting down).', 'ECLOSED')));
  });
}
