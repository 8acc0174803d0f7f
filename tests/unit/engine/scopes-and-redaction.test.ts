import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/engine/logging/logger.js';
import { maskToken, redactSecrets } from '../../../electron/engine/logging/redact.js';
import { buildScopeView, chooseGrantedScopes, detectScopeDrift, parseScopeString } from '../../../electron/engine/scopes/scopes.js';

describe('scopes', () => {
  it('shows granted, missing and extra', () => {
    expect(buildScopeView({ required: ['users', 'routing'], granted: ['users', 'analytics'], source: 'tokens_me', governedByRoles: false }))
      .toEqual({ required: ['routing', 'users'], granted: ['analytics', 'users'], missing: ['routing'], extra: ['analytics'], source: 'tokens_me', governedByRoles: false });
  });
  it('shows nothing missing for role-governed clients', () => {
    expect(buildScopeView({ required: ['users'], granted: [], source: 'none', governedByRoles: true }).missing).toEqual([]);
  });
  it('detects drift between refreshes', () => {
    expect(detectScopeDrift(['a', 'b'], ['b', 'c'], 5)).toEqual({ added: ['c'], removed: ['a'], at: 5 });
    expect(detectScopeDrift(['a'], ['a'], 5)).toBeNull();
    expect(detectScopeDrift(undefined, ['a'], 5)).toBeNull();
  });
  it('prefers tokens/me, then the token response, then the JWT claim', () => {
    expect(chooseGrantedScopes({ tokensMe: ['x'], tokenResponse: 'y', jwtClaim: 'z' })).toEqual({ granted: ['x'], source: 'tokens_me' });
    expect(chooseGrantedScopes({ tokenResponse: 'b a a', jwtClaim: 'z' })).toEqual({ granted: ['a', 'b'], source: 'token_response' });
    expect(chooseGrantedScopes({ jwtClaim: ['q'] })).toEqual({ granted: ['q'], source: 'jwt_claim' });
    expect(chooseGrantedScopes({}).source).toBe('none');
    expect(parseScopeString('  users   openid ')).toEqual(['openid', 'users']);
  });
});

describe('redaction', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.abcdefghijklmnop';
  it('removes secret-named fields and token-shaped strings at any depth', () => {
    const out = JSON.stringify(redactSecrets({ refresh_token: 'rt-1', nested: { clientSecret: 's', note: `got ${jwt} back`, header: 'Bearer abcdef123456' }, code: 'invalid_grant' }));
    expect(out).not.toContain('rt-1');
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('abcdef123456');
    expect(out).toContain('invalid_grant');
  });
  it('masks tokens to a recognisable but useless preview', () => {
    expect(maskToken(jwt)).toBe(`eyJh…mnop (${jwt.length} chars)`);
    expect(maskToken('short-secret')).toBe('(hidden, 12 chars)');
  });
  it('the logger never writes a secret', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (l) => lines.push(l) });
    logger.error(`refresh failed for ${jwt}`, { accessToken: 'at-secret', error: new Error(`Bearer ${'z'.repeat(20)}`) });
    expect(lines.join('\n')).not.toMatch(/at-secret|zzzzzzzz|eyJzdWIi/);
  });
});
