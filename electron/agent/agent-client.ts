// The thin client of the local agent: one connection, one request line, one answer line, within a
// deadline. Used by the `tokentray` CLI (so it imports only Node's net and the shared protocol) and
// by tests.

import { createConnection } from 'node:net';
import * as v from 'valibot';
import {
  AGENT_PROTOCOL_VERSION,
  AGENT_RESPONSE_SCHEMAS,
  AgentResponseSchema,
  describeRequestIssues,
  type AgentCallErrorCode,
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

/** The agent answered with an error envelope, or with something that is not the protocol (`invalid_answer`). */
export class AgentCallError extends Error {
  constructor(readonly code: AgentCallErrorCode, message: string) {
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
        if (answer.length > MAX_ANSWER_BYTES) fail(new AgentCallError('invalid_answer', `The agent's answer to "${method}" is larger than ${MAX_ANSWER_BYTES} bytes; ${WHAT_TO_DO}.`));
        return;
      }
      socket.end();
      settle(() => {
        const settled = checkAnswer(method, answer.subarray(0, newline).toString('utf8'));
        if (settled.ok) resolve(settled.value);
        else reject(settled.error);
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

const WHAT_TO_DO = 'update tokentray and TokenTray so both match, or report it if they already do';

/** One answer line, checked against the envelope and then the method's own schema (the same schemas the types come from). */
function checkAnswer<M extends AgentMethod>(method: M, line: string): { ok: true; value: AgentResponses[M] } | { ok: false; error: AgentCallError } {
  const invalid = (why: string) => ({ ok: false as const, error: new AgentCallError('invalid_answer', `The agent's answer to "${method}" ${why}; ${WHAT_TO_DO}.`) });
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return invalid('is not JSON');
  }
  const envelope = v.safeParse(AgentResponseSchema, json);
  if (!envelope.success) return invalid(`is not agent protocol v${AGENT_PROTOCOL_VERSION} (${issueText(envelope.issues)})`);
  if (!envelope.output.ok) return { ok: false, error: new AgentCallError(envelope.output.error.code, envelope.output.error.message) };
  const value = v.safeParse(AGENT_RESPONSE_SCHEMAS[method] as v.GenericSchema as v.GenericSchema<unknown, AgentResponses[M]>, envelope.output.value);
  if (!value.success) return invalid(`does not match protocol v${AGENT_PROTOCOL_VERSION} (${issueText(value.issues)})`);
  return { ok: true, value: value.output };
}

/**
 * Where and what, from valibot's issues ("at "accessToken": holds characters no Bearer token has").
 * Valibot quotes what it received, so control characters are replaced: a hostile answer must not
 * reach the terminal through the error message either.
 */
const issueText = (issues: readonly v.BaseIssue<unknown>[]) =>
  describeRequestIssues(issues).replace(/^The request does not match agent protocol v\d+ ?/, '').replace(/^: /, '').replace(/\p{Cc}/gu, '?').slice(0, 500);
