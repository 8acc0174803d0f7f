// The one gate in front of the system browser, shared by sign-in and dashboard links, in
// Electron and Node mode: hostile schemes and credentials never reach the platform opener, and
// the URL that does reach it is passed whole (no shell splits it at `&`).

import { describe, expect, it } from 'vitest';
import { externalUrlAllowlist, guardedOpener, openableUrl } from '../../../electron/services/external-urls.js';

const HOSTILE = [
  'javascript:alert(1)',
  'file:///etc/passwd',
  'ms-settings:privacy',
  'data:text/html,<script>1</script>',
  'http://evil.example/phish',
  'https://user:pass@login.mypurecloud.com/oauth/authorize',
  'not a url',
];

describe('the system-browser gate', () => {
  it.each(HOSTILE)('never opens %s', async (url) => {
    expect(openableUrl(url)).toBeUndefined();
    const opened: string[] = [];
    await expect(guardedOpener(async (u) => void opened.push(u))(url)).rejects.toThrow(/will not open/);
    expect(opened).toEqual([]);
    expect(externalUrlAllowlist(() => [])(url)).toBe(false);
  });

  it('opens https and loopback http, passing the URL whole, & and all', async () => {
    const opened: string[] = [];
    const open = guardedOpener(async (u) => void opened.push(u));
    const authorize = 'https://login.mypurecloud.ie/oauth/authorize?response_type=code&client_id=a&state=b&code_challenge=c';
    await open(authorize);
    await open('http://[::1]:8765/oauth/callback?code=1&state=2');
    expect(opened).toEqual([authorize, 'http://[::1]:8765/oauth/callback?code=1&state=2']);
  });

  it('dashboard links must also be on a Genesys login host or a configured issuer', () => {
    const allow = externalUrlAllowlist(() => [{ id: 'o', name: 'O', provider: { kind: 'oidc', issuer: 'https://idp.example.com/realms/x' }, grant: 'pkce', clientId: 'c', requiredScopes: [] }]);
    expect(allow('https://login.mypurecloud.de/logout')).toBe(true);
    expect(allow('https://idp.example.com/realms/x/account')).toBe(true);
    expect(allow('https://phish.example.com/')).toBe(false);
  });
});
