// `tokentray env` lines must give back any value byte for byte and never run part of it. Checked by
// round trip in the real shells here (bash, dash, zsh, fish) over generated values rich in quotes,
// `$`, backslashes, backticks, newlines and every typographic quote; PowerShell (not installable
// here) against its documented quoting rules: a verbatim string starts and ends at any of ' ‘ ’ ‚ ‛,
// a doubled quote character stands for one, and double quotes (" “ ” „) mean nothing inside it.

import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportLines, type Shell } from '../../../cli/token-env.js';

const TRICKY = ["'", '"', '\\', '$', '`', '\n', '\r', '\t', ' ', '!', '$(id)', '${HOME}', '%', '‘', '’', '‚', '‛', '“', '”', '„', '\u001b[31m', 'é', '😀', '#', ';', '|', '*', '~'];
const values = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 12 })
  .map((parts) => parts.join('').replace(/\0/g, ''));

/** Evaluates the export lines for V0..Vn in `shell` and reads the values back (base64, so nothing is lost in transit). */
function roundTrip(shell: 'bash' | 'dash' | 'zsh' | 'fish', format: Shell, inputs: string[]): string[] {
  const env = Object.fromEntries(inputs.map((value, i) => [`V${i}`, value]));
  const read = inputs.map((_, i) => `printf '%s' "$V${i}" | base64 -w0; echo`).join('\n');
  const out = execFileSync(shell, ['-c', `${exportLines(env, format)}\n${read}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return out.split('\n').slice(0, inputs.length).map((line) => Buffer.from(line, 'base64').toString('utf8'));
}

describe('export lines in real shells', () => {
  for (const [shell, format] of [['bash', 'bash'], ['dash', 'bash'], ['zsh', 'zsh'], ['fish', 'fish']] as const) {
    it(`${shell} gets every value back unchanged`, () => {
      fc.assert(fc.property(fc.array(values, { minLength: 1, maxLength: 40 }), (inputs) => {
        expect(roundTrip(shell, format, inputs)).toEqual(inputs);
      }), { numRuns: 15 });
    });
  }
});

const PS_SINGLE = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/** PowerShell's verbatim-string-literal (about_Quoting_Rules, language spec 2.3.5.2): its value, and where it ended. */
function parseVerbatimString(text: string, start: number): { value: string; end: number } {
  if (!PS_SINGLE.has(text[start]!)) throw new Error(`no string at ${start}`);
  let value = '';
  for (let i = start + 1; i < text.length; i += 1) {
    if (!PS_SINGLE.has(text[i]!)) {
      value += text[i];
      continue;
    }
    if (i + 1 < text.length && PS_SINGLE.has(text[i + 1]!)) {
      value += text[i + 1];
      i += 1;
      continue;
    }
    return { value, end: i + 1 };
  }
  throw new Error('unterminated string');
}

describe('export lines for PowerShell', () => {
  it('keep every value inside one verbatim string, whatever quotes it holds', () => {
    fc.assert(fc.property(values, (value) => {
      const line = exportLines({ X: value }, 'powershell');
      const prefix = '$env:X = ';
      expect(line.startsWith(prefix)).toBe(true);
      const parsed = parseVerbatimString(line, prefix.length);
      expect(parsed).toEqual({ value, end: line.length }); // nothing after the string: nothing runs
    }), { numRuns: 500 });
  });

  it('doubles each typographic single quote and leaves double quotes alone', () => {
    expect(exportLines({ X: 'a‘b’c‚d‛e“f”g„h' }, 'powershell')).toBe("$env:X = 'a‘‘b’’c‚‚d‛‛e“f”g„h'");
    // The attack the issue describes: a value closing the string with a typographic quote.
    const attack = '’; Remove-Item -Recurse ~; ’';
    const line = exportLines({ X: attack }, 'powershell');
    expect(parseVerbatimString(line, '$env:X = '.length)).toEqual({ value: attack, end: line.length });
  });
});
