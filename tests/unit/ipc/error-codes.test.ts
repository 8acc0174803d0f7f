// Error codes are closed lists: what crosses to the dashboard is always one of IPC_ERROR_CODES
// (a server's own word crosses as the failure's kind), and maps over the unions must name every
// code, which the typecheck of this file proves for the CLI's exit codes.

import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../electron/engine/index.js';
import { dispatchCall } from '../../../electron/services/dispatch.js';
import type { AgentCallErrorCode } from '../../../shared/agent-protocol.js';
import { FAILURE_KINDS, IPC_ERROR_CODES, PROBLEM_CODES, ipcCodeOfProblem } from '../../../shared/error-codes.js';
import type { ApiHandlers } from '../../../shared/ipc.js';

const failingWith = (error: unknown) => ({ getAppInfo: () => Promise.reject(error) }) as unknown as ApiHandlers;

describe('error codes', () => {
  it('a problem keeps its own code when it is ours, and crosses as its kind when it is the server\'s', () => {
    for (const code of PROBLEM_CODES) expect(ipcCodeOfProblem(code, 'config')).toBe(code);
    for (const kind of FAILURE_KINDS) expect(ipcCodeOfProblem('invalid_grant', kind)).toBe(kind);
    expect(ipcCodeOfProblem('http_418', 'transient')).toBe('transient');
  });

  it('the dispatcher answers only codes of the closed list, with the server\'s words kept in the message', async () => {
    const fromServer = new EngineError('grant_rejected', { code: 'invalid_grant', message: 'The server said invalid_grant: sign in again.', serverError: 'invalid_grant', at: 0 });
    expect(await dispatchCall(failingWith(fromServer), 'getAppInfo', undefined)).toEqual({ ok: false, error: { code: 'grant_rejected', message: 'The server said invalid_grant: sign in again.' } });
    const ours = new EngineError('config', { code: 'unknown_profile', message: 'There is no profile "x".', at: 0 });
    expect(await dispatchCall(failingWith(ours), 'getAppInfo', undefined)).toMatchObject({ ok: false, error: { code: 'unknown_profile' } });
    const result = await dispatchCall(failingWith(new Error('boom')), 'getAppInfo', undefined);
    expect(result.ok === false && (IPC_ERROR_CODES as readonly string[]).includes(result.error.code)).toBe(true);
  });

  it('lists each code once', () => {
    expect(new Set(IPC_ERROR_CODES).size).toBe(IPC_ERROR_CODES.length);
  });
});

// Compile-time: a map over a closed union that leaves a code out does not typecheck.
// @ts-expect-error 'forbidden' (and the rest) are missing, so this is an error the compiler finds
const _incomplete: Record<AgentCallErrorCode, number> = { not_running: 3 };
void _incomplete;
