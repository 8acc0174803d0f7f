// The audit log as people read it: one row per refresh cycle (its retries folded in, so 50 retry
// lines do not bury the rest), each said in a sentence ("Retried 3 times, then refreshed in
// 212 ms"), with the raw entries kept for the details.

import type { AuditEntry, AuditEventType } from '../../../shared/domain';

export interface AuditRow {
  /** The newest entry's time (ISO). */
  at: string;
  type: AuditEventType;
  profileId?: string;
  sentence: string;
  tone: 'ok' | 'warn' | 'bad' | 'plain';
  /** The entries this row stands for, oldest first. */
  entries: AuditEntry[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** The first sentence of an engine message, without its trailing period. */
const headline = (message: string) => (message.split(/(?<=\.)\s/)[0] ?? message).replace(/\.$/, '').slice(0, 160);

function sentenceOf(entry: AuditEntry): Pick<AuditRow, 'sentence' | 'tone'> {
  const d = entry.detail;
  switch (entry.type) {
    case 'refresh_succeeded': {
      const reason = str(d.reason) === 'forced' ? ' (asked for)' : '';
      return { sentence: `Refreshed in ${num(d.latencyMs) ?? '?'} ms${reason}`, tone: 'ok' };
    }
    case 'refresh_failed': return { sentence: `Refresh failed: ${headline(str(d.message))}`, tone: 'bad' };
    case 'signin_required': return { sentence: `Sign-in required: ${headline(str(d.message))}`, tone: 'bad' };
    case 'signed_in': return { sentence: d.method === 'refresh_token' ? 'Signed in with a pasted refresh token' : `Signed in${d.method ? ` (${str(d.method)})` : ''}`, tone: 'ok' };
    case 'signed_out': return { sentence: d.revoked ? 'Signed out; the server revoked the token' : 'Signed out', tone: 'plain' };
    case 'token_copied': return { sentence: 'Token copied to the clipboard', tone: 'plain' };
    case 'token_issued': return { sentence: `Token handed to ${str(d.client) || 'a tool'}`, tone: 'plain' };
    case 'scope_drift': return { sentence: `Scopes changed:${d.added ? ` added ${str(d.added)}` : ''}${d.removed ? ` removed ${str(d.removed)}` : ''}`, tone: 'warn' };
    case 'validated': return { sentence: d.valid ? 'Checked: the token is valid' : `Checked: ${headline(str(d.message))}`, tone: d.valid ? 'ok' : 'bad' };
    case 'webhook_delivered': return { sentence: d.outage === 'ended' ? `Webhook reachable again after ${num(d.failedAttempts) ?? '?'} failed tries` : 'Webhook delivered', tone: 'ok' };
    case 'webhook_failed': return { sentence: `Webhook failing: ${headline(str(d.message))}`, tone: 'bad' };
    case 'webhook_dropped': return { sentence: 'Webhook event dropped', tone: 'warn' };
    case 'vault_recovered': return { sentence: 'Token store was unreadable and started afresh', tone: 'warn' };
    case 'profile_changed': return { sentence: 'Profile changed', tone: 'plain' };
  }
}

/** Groups entries (any order) into rows, newest first: a refresh's retries join the try that ended it. */
export function auditRows(entries: AuditEntry[]): AuditRow[] {
  const ordered = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const rows: AuditRow[] = [];
  const open = new Map<string, AuditEntry[]>(); // retried tries per profile, waiting for their ending
  for (const entry of ordered) {
    const key = entry.profileId ?? '';
    const retried = entry.type === 'refresh_failed' && entry.detail.willRetry === true;
    if (retried) {
      open.set(key, [...(open.get(key) ?? []), entry]);
      continue;
    }
    // "Sign-in required" is how a refused refresh ends: one row with the failure it follows.
    const previous = rows.at(-1);
    if (entry.type === 'signin_required' && previous?.entries.at(-1)?.type === 'refresh_failed' && previous.profileId === entry.profileId
      && Date.parse(entry.at) - Date.parse(previous.at) < 5_000) {
      rows[rows.length - 1] = rowOf([...previous.entries, entry]);
      continue;
    }
    const ends = entry.type === 'refresh_succeeded' || entry.type === 'refresh_failed' || entry.type === 'signin_required';
    const before = ends ? open.get(key) ?? [] : [];
    if (ends) open.delete(key);
    rows.push(rowOf([...before, entry]));
  }
  for (const pending of open.values()) rows.push(rowOf(pending));
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function rowOf(entries: AuditEntry[]): AuditRow {
  const last = entries.at(-1)!;
  const retries = entries.filter((e) => e.type === 'refresh_failed' && e.detail.willRetry === true).length;
  let { sentence, tone } = sentenceOf(last);
  if (retries > 0 && last.type === 'refresh_succeeded') {
    sentence = `Retried ${times(retries)}, then refreshed in ${num(last.detail.latencyMs) ?? '?'} ms`;
    tone = 'warn';
  } else if (retries > 0 && last.type === 'refresh_failed' && last.detail.willRetry === true) {
    sentence = `Refresh failing, ${retries} ${retries === 1 ? 'try' : 'tries'} so far: ${headline(str(last.detail.message))}`;
  } else if (retries > 0) {
    sentence = `${sentence} (after ${retries} ${retries === 1 ? 'retry' : 'retries'})`;
  }
  return { at: last.at, type: last.type, ...(last.profileId ? { profileId: last.profileId } : {}), sentence, tone, entries };
}
