import { describe, expect, it } from 'vitest';
import { countdown, relativeTime } from '../../../renderer/src/format.js';
import { toCsv } from '../../../renderer/src/audit/audit-export.js';

describe('renderer formatting', () => {
  it('formats countdowns with fixed-width fields', () => {
    expect(countdown(65_000)).toBe('01:05');
    expect(countdown(3_725_000)).toBe('1:02:05');
    expect(countdown(0)).toBe('expired');
  });
  it('formats relative times', () => {
    expect(relativeTime(12 * 60_000, 0)).toBe('in 12 minutes');
    expect(relativeTime(0, 30_000)).toBe('30 seconds ago');
  });
  it('exports audit entries as CSV with quoting', () => {
    const csv = toCsv([
      { at: '2026-11-23T10:00:00.000Z', type: 'refresh_failed', profileId: 'p', detail: { message: 'said "no", twice', code: 'x' } },
      { at: '2026-11-23T10:01:00.000Z', type: 'token_copied', detail: {} },
    ]);
    expect(csv.split('\n')).toEqual([
      'at,type,profileId,code,message',
      '2026-11-23T10:00:00.000Z,refresh_failed,p,x,"said ""no"", twice"',
      '2026-11-23T10:01:00.000Z,token_copied,,,',
    ]);
  });
});
