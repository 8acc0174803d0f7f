// What the CLI prints for people carries no escape sequences or control characters from profile
// names or server messages; its JSON escapes the C1 controls JSON.stringify leaves raw.

import { describe, expect, it } from 'vitest';
import { forTerminal, oneLine, safeJson } from '../../../cli/terminal-text.js';
import { statusTable } from '../../../cli/format.js';
import type { AgentProfileView } from '../../../shared/agent-protocol.js';

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('text for a terminal', () => {
  it('drops escape sequences (CSI, OSC title and hyperlink, 8-bit CSI) and lone controls, keeps text and newlines', () => {
    const hostile = 'prod\u001b[2J\u001b]0;owned\u0007\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\\u009b31m\rX\bY\u0000\nnext\tcol é😀';
    const clean = forTerminal(hostile);
    expect(clean).not.toMatch(CONTROLS);
    expect(clean).toBe('prodlinkXY\nnext\tcol é😀');
    expect(oneLine('a\nb\tc\u001b[1m')).toBe('a b c');
  });

  it('the status table of a profile named with escapes prints none of them', () => {
    const profile: AgentProfileView = { id: 'p', name: 'x', provider: 'oidc', region: 'r', state: 'error', isDefault: true, missingScopes: ['a\u001b[8m'], action: 'server said: \u001b]0;pwned\u0007 try again' };
    const text = forTerminal(statusTable([profile], Date.now()));
    expect(text).not.toMatch(CONTROLS);
    expect(text).toContain('server said:  try again');
  });

  it('JSON escapes DEL and C1 controls too, and stays the same JSON', () => {
    const value = { name: 'a\u009b31m\u007fb\u001b' };
    const json = safeJson(value);
    expect(json).not.toMatch(CONTROLS);
    expect(JSON.parse(json)).toEqual(value);
  });
});
