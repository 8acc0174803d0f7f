// Export lines for each shell: a hostile value (quotes, $(...), backslashes, newlines) must come
// back byte for byte, never run. Bash evaluates its lines for real here.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportLines, tokenEnvironment } from '../../../cli/token-env.js';

const hostile = `it's $(touch /tmp/tokentray-pwned) \`id\` \\ "x"\nline2`;

describe('token environment and export lines', () => {
  it('sets the gc/Terraform variables for Genesys profiles and TokenTray ones for all', () => {
    const base = { profile: 'p', accessToken: 'tok', tokenType: 'Bearer' as const, expiresAt: 1_700_000_000_500, scopes: [], minValiditySatisfied: true };
    expect(tokenEnvironment({ ...base, provider: 'genesys', region: 'mypurecloud.ie', regionKey: 'eu-west-1', apiBaseUrl: 'https://api.mypurecloud.ie' })).toEqual({
      TOKENTRAY_PROFILE: 'p', TOKENTRAY_ACCESS_TOKEN: 'tok', TOKENTRAY_EXPIRES_AT: '1700000000',
      GENESYSCLOUD_ACCESS_TOKEN: 'tok', GENESYSCLOUD_REGION: 'eu-west-1', GENESYSCLOUD_API_REGION: 'https://api.mypurecloud.ie',
    });
    expect(Object.keys(tokenEnvironment({ ...base, provider: 'oidc', region: 'https://idp.example.com' }))).toEqual(['TOKENTRAY_PROFILE', 'TOKENTRAY_ACCESS_TOKEN', 'TOKENTRAY_EXPIRES_AT']);
  });

  it('quotes every shell so a hostile value stays a value', () => {
    const lines = exportLines({ X: hostile }, 'bash');
    expect(execFileSync('bash', ['-c', `eval "$1"; printf %s "$X"`, 'bash', lines], { encoding: 'utf8' })).toBe(hostile);
    expect(exportLines({ X: "a'b\\c" }, 'fish')).toBe("set -gx X 'a\\'b\\\\c'");
    expect(exportLines({ X: "a'b" }, 'powershell')).toBe("$env:X = 'a''b'");
    expect(exportLines({ X: "a'b" }, 'zsh')).toBe("export X='a'\\''b'");
  });
});
