// One entry for every call from a dashboard, whatever the transport (Electron IPC or the browser
// dashboard's HTTP): checks the call name against the allowlist, validates the payload with the
// contract's schema, runs the handler and answers with the ok/error envelope and a stable code.

import * as v from 'valibot';
import { ipcCodeOfProblem } from '../../shared/error-codes.js';
import { REQUEST_SCHEMAS, type ApiHandlers, type InvokeName, type IpcResult } from '../../shared/ipc.js';
import { EngineError, type Logger, redactString } from '../engine/index.js';

export function isInvokeName(name: string): name is InvokeName {
  return Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, name);
}

export async function dispatchCall(handlers: ApiHandlers, name: string, payload: unknown, logger?: Logger): Promise<IpcResult<unknown>> {
  if (!isInvokeName(name)) {
    return { ok: false, error: { code: 'unknown_channel', message: `There is no call named "${name}".` } };
  }
  const parsed = v.safeParse(REQUEST_SCHEMAS[name] as v.GenericSchema, payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.');
    return { ok: false, error: { code: 'invalid_payload', message: `Invalid request for ${name}${path ? ` (${path})` : ''}: ${issue.message}.` } };
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.output) };
  } catch (error) {
    // Messages cross to the dashboard: redacted like logs, whatever a server put into them.
    // A problem keeps its own code when it is one of ours; a server's word (invalid_grant, http_400)
    // crosses as the failure's kind, so the dashboard only ever meets codes of the closed list.
    if (error instanceof EngineError) return { ok: false, error: { code: ipcCodeOfProblem(error.problem.code, error.kind), message: redactString(error.problem.message) } };
    logger?.error('call failed', { call: name, error: error instanceof Error ? error.message : String(error) });
    return { ok: false, error: { code: 'internal_error', message: error instanceof Error ? redactString(error.message) : 'The call failed unexpectedly.' } };
  }
}
