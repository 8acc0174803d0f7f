import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretIndex } from '../../../electron/engine/logging/secret-index.js';

describe('SecretIndex', () => {
  it('replaces every known secret wherever it stands, the longest first, and forgets removed ones', () => {
    const index = new SecretIndex();
    index.add('abcdefgh12345');
    index.add('abcdefgh123456789');
    index.add('short');
    expect(index.redact('x=abcdefgh123456789&y=abcdefgh12345.', '#')).toBe('x=#&y=#.');
    expect(index.redact('short stays', '#')).toBe('short stays');
    index.remove('abcdefgh123456789');
    expect(index.redact('x=abcdefgh123456789', '#')).toBe('x=#6789');
  });

  it('counts uses: a secret two profiles share stays known until both let go of it', () => {
    const index = new SecretIndex();
    index.add('shared-secret-1');
    index.add('shared-secret-1');
    index.remove('shared-secret-1');
    expect(index.redact('shared-secret-1', '#')).toBe('#');
    index.remove('shared-secret-1');
    expect(index.redact('shared-secret-1', '#')).toBe('shared-secret-1');
  });

  it('agrees with a plain search-and-replace for any secrets and text', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 8, maxLength: 16, unit: fc.constantFrom('a', 'b', 'c') }), { maxLength: 6 }), fc.array(fc.string({ maxLength: 3, unit: fc.constantFrom('a', 'b', 'c', ' ') }), { maxLength: 10 }), (secrets, noise) => {
      const index = new SecretIndex();
      for (const s of secrets) index.add(s);
      const text = noise.map((n, i) => n + (secrets[i % Math.max(1, secrets.length)] ?? '')).join('');
      const redacted = index.redact(text, '\u0000');
      // Nothing known survives, and the text outside secrets is unchanged.
      for (const s of secrets) expect(redacted.includes(s)).toBe(false);
      expect(redacted.replace(/\u0000/g, '').length).toBeLessThanOrEqual(text.length);
    }));
  });
});
