// The receiving side's check of every call's answer, run by the preload and the browser
// transport alike before the dashboard sees it: the envelope, the error code (a closed list) and
// the value, against the same schemas the contract's types are derived from. A broken or hostile
// main process (or a server on the browser dashboard's port) gets nothing past it but a clear
// `invalid_answer` error.

import * as v from 'valibot';
import { IpcErrorSchema, RESPONSE_SCHEMAS, type InvokeContract, type InvokeName, type IpcResult } from './ipc.js';

const EnvelopeSchema = v.variant('ok', [
  v.strictObject({ ok: v.literal(true), value: v.unknown() }),
  v.strictObject({ ok: v.literal(false), error: IpcErrorSchema }),
]);

const WHAT_TO_DO = 'The dashboard keeps what it showed before. This points to mismatched TokenTray versions or a bug: restart TokenTray, and report it if it happens again.';

/** A readable one-line account of why a value failed its schema, naming where. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'it does not match the contract';
  const path = first.path?.map((item) => String(item.key)).join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${path ? `at "${path.slice(0, 120)}": ` : ''}${first.message.slice(0, 300)}${more}`;
}

function invalid(name: InvokeName, reason: string): { ok: false; error: { code: 'invalid_answer'; message: string } } {
  return { ok: false, error: { code: 'invalid_answer', message: `TokenTray's answer to ${name} does not match the dashboard contract, ${reason}. ${WHAT_TO_DO}` } };
}

/** The answer to call `name` when it matches the contract (the schema's own copy), else an `invalid_answer` error. */
export function checkAnswer<K extends InvokeName>(name: K, answer: unknown): IpcResult<InvokeContract[K]['response']> {
  const envelope = v.safeParse(EnvelopeSchema, answer);
  if (!envelope.success) return invalid(name, `its envelope is wrong ${describeIssues(envelope.issues)}`);
  if (!envelope.output.ok) return envelope.output;
  const value = v.safeParse(RESPONSE_SCHEMAS[name] as v.GenericSchema<unknown, InvokeContract[K]['response']>, envelope.output.value);
  if (!value.success) return invalid(name, `its value is wrong ${describeIssues(value.issues)}`);
  return { ok: true, value: value.output };
}

/** The browser dashboard's session credential, as /api/session answers it (it goes into a header). */
const SessionAnswerSchema = v.strictObject({ session: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,200}$/, 'is not a session credential')) });

/** The session /api/session granted, or why not (the server's own error, or `invalid_answer`). */
export function checkSessionAnswer(answer: unknown): IpcResult<string> {
  const envelope = v.safeParse(EnvelopeSchema, answer);
  if (!envelope.success) return { ok: false, error: { code: 'invalid_answer', message: `TokenTray's answer to the dashboard link does not match the contract, ${describeIssues(envelope.issues)}. Open the link TokenTray printed again.` } };
  if (!envelope.output.ok) return envelope.output;
  const value = v.safeParse(SessionAnswerSchema, envelope.output.value);
  if (!value.success) return { ok: false, error: { code: 'invalid_answer', message: `TokenTray answered the dashboard link without a usable session (${describeIssues(value.issues)}). Open the link it printed again.` } };
  return { ok: true, value: value.output.session };
}
