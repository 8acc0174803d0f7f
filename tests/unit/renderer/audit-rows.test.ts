import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain.js';
import { auditRows } from '../../../renderer/src/audit/audit-rows.js';

const at = (s: number) => new Date(1_800_000_000_000 + s * 1000).toISOString();
const failed = (s: number, willRetry: boolean, profileId = 'p'): AuditEntry => ({ at: at(s), type: 'refresh_failed', profileId, detail: { code: 'server_error', message: 'The server answered 503. TokenTray will retry.', attempt: 1, willRetry } });
const ok = (s: number, profileId = 'p'): AuditEntry => ({ at: at(s), type: 'refresh_succeeded', profileId, detail: { reason: 'scheduled', latencyMs: 212, attempts: 1, rotated: true } });

describe('auditRows', () => {
  it('folds a refresh\'s retries into the row that ends it, newest first, whatever order the entries come in', () => {
    const entries = [ok(0), failed(10, true), failed(12, true), failed(14, true), ok(16), ok(20, 'q')];
    for (const order of [entries, [...entries].reverse()]) {
      const rows = auditRows(order);
      expect(rows.map((r) => r.sentence)).toEqual(['Refreshed in 212 ms', 'Retried 3 times, then refreshed in 212 ms', 'Refreshed in 212 ms']);
      expect(rows[1]!.entries).toHaveLength(4);
    }
  });

  it('a refresh still retrying is one row saying so; a refused refresh and its sign-in-required are one row', () => {
    expect(auditRows([failed(0, true), failed(2, true)])[0]!.sentence).toBe('Refresh failing, 2 tries so far: The server answered 503');
    const refused: AuditEntry[] = [
      { at: at(0), type: 'refresh_failed', profileId: 'p', detail: { message: 'The client id or secret was rejected. Check them.', willRetry: false } },
      { at: at(0), type: 'signin_required', profileId: 'p', detail: { message: 'The client id or secret was rejected. Check them.' } },
    ];
    const rows = auditRows(refused);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sentence).toBe('Sign-in required: The client id or secret was rejected');
  });
});
