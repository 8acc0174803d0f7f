// What the gateway lets through, decided on the request target and the key's allowlist alone.

import { describe, expect, it } from 'vitest';
import { allowedByRules, parseAllowRule, type AllowRule } from '../../../electron/gateway/allowlist.js';
import { checkTarget, pathTemplate } from '../../../electron/gateway/path-policy.js';

const rules = (...texts: string[]): AllowRule[] => texts.map((text) => {
  const parsed = parseAllowRule(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rule;
});

describe('the request target', () => {
  it('passes /api/v2/** with its query, and nothing else', () => {
    expect(checkTarget('/api/v2/users/me?expand=presence')).toEqual({ ok: true, path: '/api/v2/users/me', query: '?expand=presence' });
    expect(checkTarget('/api/v1/users')).toMatchObject({ ok: false, status: 404 });
    expect(checkTarget('/')).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    ['http://evil.example/api/v2/users/me', 400],
    ['*', 400],
    ['/oauth/token', 403],
    ['/OAuth/authorize', 403],
    ['/api/v2/tokens', 403],
    ['/api/v2/tokens/me', 403],
    ['/api/v2/TOKENS/me', 403],
    ['/api/v2/%2E%2E/api/v2/tokens/me', 400],
    ['/api/v2/users/%2Fme', 400],
    ['/api/v2/users/%5Cme', 400],
    ['/api/v2/users\\me', 400],
    ['/api/v2//users', 400],
    ['/api/v2/users/%zz', 400],
    ['/api/v2/users me', 400],
  ])('refuses %s with %i', (target, status) => {
    expect(checkTarget(target)).toMatchObject({ ok: false, status });
  });

  it('replaces ids in the audit template and keeps the rest', () => {
    expect(pathTemplate('/api/v2/users/00000000-0000-4000-8000-000000000001/queues')).toBe('/api/v2/users/{id}/queues');
    expect(pathTemplate('/api/v2/telephony/providers/edges/12345')).toBe('/api/v2/telephony/providers/edges/{id}');
    expect(pathTemplate('/api/v2/users/search')).toBe('/api/v2/users/search');
    expect(pathTemplate('/api/v2/users/jane.doe%40example.com')).toBe('/api/v2/users/{id}');
  });
});

describe('allowlists', () => {
  it('match methods and segments; ** takes the rest, * one segment', () => {
    const allow = rules('GET /api/v2/users/**', 'POST /api/v2/analytics/*/query');
    expect(allowedByRules(allow, 'GET', '/api/v2/users/me')).toBe(true);
    expect(allowedByRules(allow, 'HEAD', '/api/v2/users/me')).toBe(true);
    expect(allowedByRules(allow, 'GET', '/api/v2/users')).toBe(false);
    expect(allowedByRules(allow, 'DELETE', '/api/v2/users/me')).toBe(false);
    expect(allowedByRules(allow, 'POST', '/api/v2/analytics/conversations/query')).toBe(true);
    expect(allowedByRules(allow, 'POST', '/api/v2/analytics/conversations/details/query')).toBe(false);
    expect(allowedByRules([], 'DELETE', '/api/v2/anything')).toBe(true);
  });

  it.each([
    ['GET', /not METHOD PATH/],
    ['FETCH /api/v2/users', /names the method "FETCH"/],
    ['GET /oauth/token', /must start its path with \/api\/v2\//],
    ['GET /api/v2/**/users', /misplaced wildcard/],
    ['GET /api/v2/us*rs', /misplaced wildcard/],
  ])('refuse %s with a message that says how to write it', (text, message) => {
    const parsed = parseAllowRule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
