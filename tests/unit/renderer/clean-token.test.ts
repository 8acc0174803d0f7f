import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPastedToken, listInWords, signatureVerdict, timeVerdict } from '../../../renderer/src/inspector/clean-token.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

describe('cleanPastedToken', () => {
  it('removes a Bearer prefix, quotes and line breaks, and says what it removed', () => {
    expect(cleanPastedToken(`  "Bearer ${JWT}"\n`)).toEqual({ token: JWT, removed: ['the spaces or line breaks around it', 'the quotes', 'the Bearer prefix'] });
    expect(cleanPastedToken(`Authorization: Bearer '${JWT.slice(0, 20)}\n${JWT.slice(20)}'`).token).toBe(JWT);
    expect(cleanPastedToken(JWT)).toEqual({ token: JWT, removed: [] });
  });

  it('whatever wrapping is added around a token, the token comes back', () => {
    const wrap = fc.record({ before: fc.constantFrom('', ' ', '\n', '\t '), quote: fc.constantFrom('', '"', "'", '`'), bearer: fc.constantFrom('', 'Bearer ', 'bearer  ', 'Authorization: Bearer '), breakAt: fc.nat(JWT.length) });
    fc.assert(fc.property(wrap, ({ before, quote, bearer, breakAt }) => {
      const pasted = `${before}${quote}${bearer}${JWT.slice(0, breakAt)}\n${JWT.slice(breakAt)}${quote}${before}`;
      expect(cleanPastedToken(pasted).token).toBe(JWT);
    }));
  });

  it('lists removals in words', () => {
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('verdicts', () => {
  const now = 1_800_000_000_000;
  it('says how long ago a token expired, or when it becomes valid', () => {
    expect(timeVerdict({ exp: now / 1000 - 3600 }, now)).toEqual({ tone: 'bad', text: 'Expired 1 h ago' });
    expect(timeVerdict({ exp: now / 1000 - 3 * 3600 }, now).text).toBe('Expired 3 h ago');
    expect(timeVerdict({ nbf: now / 1000 + 600, exp: now / 1000 + 1200 }, now).text).toMatch(/^Not valid yet: valid from 10 min from now/);
    expect(timeVerdict({ exp: now / 1000 + 1800 }, now)).toEqual({ tone: 'ok', text: 'Valid for another 30 min' });
    expect(timeVerdict({}, now).tone).toBe('warn');
  });

  it('passes the engine\'s audience and issuer reasons through, and an expired token\'s signature still counts as matching', () => {
    expect(signatureVerdict({ status: 'failed', reason: 'Audience mismatch: expected "a", the token says "b".' }, true)).toEqual({ tone: 'bad', text: 'Audience mismatch: expected "a", the token says "b".' });
    expect(signatureVerdict({ status: 'failed', reason: 'Expired 1 h ago (exp …).' }, true).tone).toBe('ok');
    expect(signatureVerdict({ status: 'unverified' }, false).text).toMatch(/^Signature not checked/);
  });
});
