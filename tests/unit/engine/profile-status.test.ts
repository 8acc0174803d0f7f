import { describe, expect, it } from 'vitest';
import { buildProfileStatus, failingRefreshWarning } from '../../../electron/engine/status/profile-status.js';
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

describe('failingRefreshWarning', () => {
  it('tells a profile that never had a token that none could be obtained, not that it "has expired"', () => {
    const never = failingRefreshWarning({ expiresAt: undefined, now: 0, problem: 'Could not reach the server.' });
    expect(never).toMatch(/No token could be obtained yet/);
    expect(never).not.toMatch(/expired/);
    expect(failingRefreshWarning({ expiresAt: -1, now: 0, problem: 'x' })).toMatch(/has expired/);
    expect(failingRefreshWarning({ expiresAt: 60 * 60_000, now: 0, problem: 'x' })).toBeUndefined();
  });
});
