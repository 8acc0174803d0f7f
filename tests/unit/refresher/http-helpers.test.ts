import { describe, expect, it } from 'vitest';
import { fullJitterBackoff } from '../../../electron/engine/http/backoff.js';
import { parseRetryAfter } from '../../../electron/engine/http/retry-after.js';
import { basicAuthorization } from '../../../electron/engine/refresher/token-client.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('reads delta seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  it('reads an HTTP date', () => expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000));
  it('treats a past date as zero', () => expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0));
  it.each([null, '', '-5', '1.5', 'soon'])('rejects %s', (value) => expect(parseRetryAfter(value, now)).toBeUndefined());
});

describe('fullJitterBackoff', () => {
  it('stays within [0, min(cap, base·2^attempt))', () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      expect(fullJitterBackoff(attempt, { baseMs: 500, capMs: 30_000 }, () => 0.999999)).toBeLessThan(Math.min(30_000, 500 * 2 ** attempt));
      expect(fullJitterBackoff(attempt, { baseMs: 500, capMs: 30_000 }, () => 0)).toBe(0);
    }
  });
});

describe('basicAuthorization', () => {
  it('form-encodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    const header = basicAuthorization('my:client', 'p@ss word%');
    expect(Buffer.from(header.slice(6), 'base64').toString()).toBe('my%3Aclient:p%40ss+word%25');
  });
});
