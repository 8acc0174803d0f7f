import { describe, expect, it } from 'vitest';
import { buildProfileStatus } from '../../../electron/engine/status/profile-status.js';
import { statusWarnings } from '../../../electron/engine/status/warnings.js';
import type { ProfileConfig } from '../../../shared/domain.js';

const profile: ProfileConfig = { id: 'p', name: 'P', provider: { kind: 'genesys', domain: 'mypurecloud.com' }, grant: 'authorization_code', clientId: 'c', requiredScopes: [] };
const scopes = { required: [], granted: [], missing: [], extra: [], source: 'none' as const, governedByRoles: false };
const base = { profile, now: 1_000_000, refresherState: 'valid' as const, scopes };

describe('buildProfileStatus', () => {
  it('an expired token has its own state, apart from never having had one', () => {
    expect(buildProfileStatus({ ...base, accessToken: 't', issuedAt: 0, expiresAt: 999_000 }).state).toBe('expired');
    expect(buildProfileStatus({ ...base, accessToken: 't', issuedAt: 0, expiresAt: 2_000_000, idleAt: 999_999 }).state).toBe('expired');
    expect(buildProfileStatus(base).state).toBe('no_token');
    expect(buildProfileStatus({ ...base, accessToken: 't', issuedAt: 0, expiresAt: 5_000_000 }).state).toBe('valid');
  });
});

describe('warnings while refreshing keeps failing', () => {
  const failing = { profile, state: 'retrying' as const, now: 0, warnBeforeMs: 10 * 60_000, lastError: { code: 'network', message: 'Could not reach the server.', at: 0 }, hasRefreshToken: true };
  it('never tell a profile that never had a token that its token "has expired"', () => {
    const warnings = statusWarnings({ ...failing, hasAccessToken: false });
    expect(warnings.map((w) => w.message)).toEqual(['No token could be obtained yet: Could not reach the server.']);
  });
  it('warn when a real token runs out within the window, and not before', () => {
    expect(statusWarnings({ ...failing, hasAccessToken: true, expiresAt: 5 * 60_000 })[0]?.message).toMatch(/expires in about 5 min/);
    expect(statusWarnings({ ...failing, hasAccessToken: true, expiresAt: 60 * 60_000 })).toEqual([]);
  });
});
