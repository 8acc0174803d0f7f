// The overview's diagnosis: every failure reads as one line and offers the action that fixes it,
// never one that cannot work in that state.

import { describe, expect, it } from 'vitest';
import type { ProfileStatus, ProblemInfo } from '../../../shared/domain.js';
import { diagnose } from '../../../renderer/src/status/diagnosis.js';

const NOW = 1_800_000_000_000;
const base = (over: Partial<ProfileStatus> = {}, grant: ProfileStatus['profile']['grant'] = 'authorization_code'): ProfileStatus => ({
  profile: { id: 'p', name: 'P', provider: { kind: 'genesys', domain: 'mypurecloud.ie' }, grant, clientId: 'c', requiredScopes: [] },
  state: 'valid',
  scopes: { required: [], granted: [], missing: [], extra: [], source: 'none', governedByRoles: false },
  ...over,
});
const problem = (over: Partial<ProblemInfo>): ProblemInfo => ({ code: 'x', message: 'Something.', at: NOW, ...over });
const opts = { now: NOW, canCopy: true };

describe('diagnose', () => {
  it('a live token: calm, Copy token as the action, nothing for the banner', () => {
    const d = diagnose(base({ tokenPreview: 'eyJh…', expiresAt: NOW + 60_000, issuedAt: NOW - 60_000 }), opts);
    expect(d).toMatchObject({ tone: 'ok', pill: 'Valid', line: 'Fresh', action: { kind: 'copy', label: 'Copy token' }, needsAttention: false });
    expect(diagnose(base({ tokenPreview: 'eyJh…', expiresAt: NOW + 60_000 }), { now: NOW, canCopy: false }).action?.label).toBe('Copy command');
  });

  it('a refused client secret offers Enter client secret, not Get a token', () => {
    const d = diagnose(base({ state: 'signin_required', lastError: problem({ code: 'grant_rejected', serverError: 'invalid_client', message: 'The client id or secret was rejected. Check them in the profile settings.' }) }, 'client_credentials'), opts);
    expect(d).toMatchObject({ tone: 'bad', line: 'Client id or secret rejected', action: { kind: 'edit', label: 'Enter client secret', field: 'clientSecret' }, needsAttention: true });
    expect(d.details.map((x) => x.value)).toContain('The client id or secret was rejected. Check them in the profile settings.');
  });

  it('a revoked refresh token offers Sign in; a client-credentials profile never does', () => {
    const revoked = problem({ serverError: 'invalid_grant', message: 'The refresh token or code was rejected (revoked, expired or already used). Sign in again.' });
    expect(diagnose(base({ state: 'signin_required', lastError: revoked }), opts).action).toEqual({ kind: 'sign_in', label: 'Sign in' });
    const service = diagnose(base({ state: 'no_token', lastError: problem({ code: 'server_error', httpStatus: 503, message: 'The server answered 503.' }) }, 'client_credentials'), opts);
    expect(service.action?.kind).not.toBe('sign_in');
  });

  it('a host that does not resolve offers Edit region; a refused connection while retrying offers Retry now', () => {
    const unresolved = diagnose(base({ state: 'retrying', retry: { attempt: 3, nextAttemptAt: NOW + 30_000 }, lastError: problem({ code: 'network', message: 'Could not reach login.example.invalid: the host name does not resolve (check the region or base URL). TokenTray will retry.' }) }, 'client_credentials'), opts);
    expect(unresolved).toMatchObject({ line: 'Cannot find login.example.invalid; TokenTray keeps trying', action: { label: 'Edit region', field: 'region' } });
    expect(unresolved.details).toContainEqual({ label: 'Attempts', value: '3' });
    const refused = diagnose(base({ state: 'retrying', lastError: problem({ code: 'network', message: 'Could not reach 127.0.0.1:9: connection refused (is the server running, and is the URL right?). TokenTray will retry.' }), tokenPreview: 'eyJh…', expiresAt: NOW + 120_000 }, 'client_credentials'), opts);
    expect(refused).toMatchObject({ line: 'Nothing answers at 127.0.0.1:9; the current token still works', action: { kind: 'retry', label: 'Retry now' } });
  });

  it('a warning ahead says when the token runs out, in the line, and counts for the banner', () => {
    const d = diagnose(base({ state: 'retrying', tokenPreview: 'eyJh…', expiresAt: NOW + 240_000, lastError: problem({ code: 'server_error', httpStatus: 503 }),
      warnings: [{ code: 'expiry_while_failing', at: NOW + 240_000, message: 'Refreshing keeps failing and the token expires in about 4 min: x' }] }), opts);
    expect(d.line).toBe('Server error (503); the token runs out in 4 minutes');
    expect(d.tone).toBe('bad');
    expect(d.needsAttention).toBe(true);
  });

  it('a sandbox profile is never offered an edit (it is rebuilt every start)', () => {
    const status = base({ state: 'signin_required', lastError: problem({ serverError: 'invalid_client' }) }, 'client_credentials');
    status.profile.sandbox = true;
    expect(diagnose(status, opts).action?.kind).not.toBe('edit');
  });

  it('a pending sign-in offers Cancel sign-in, and refreshing offers nothing that could clash', () => {
    expect(diagnose(base({ state: 'no_token', pendingSignIn: { kind: 'browser', startedAt: NOW, expiresAt: NOW + 60_000 } }), opts).action?.kind).toBe('cancel_sign_in');
    expect(diagnose(base({ state: 'refreshing' }), opts).action).toBeUndefined();
  });
});
