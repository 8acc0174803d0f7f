// Scope arithmetic: what a token was granted versus what the profile needs, where that knowledge
// came from, and how it changed between refreshes.

import type { ScopeDrift, ScopeSource, ScopeView } from '../../../shared/domain.js';

export function parseScopeString(scope: string | undefined): string[] {
  if (!scope) return [];
  return [...new Set(scope.split(/\s+/).filter(Boolean))].sort();
}

export function buildScopeView(input: { required: string[]; granted: string[]; source: ScopeSource; governedByRoles: boolean }): ScopeView {
  const required = [...new Set(input.required)].sort();
  const granted = [...new Set(input.granted)].sort();
  const grantedSet = new Set(granted);
  const requiredSet = new Set(required);
  return {
    required,
    granted,
    // Role-governed clients have no scopes to miss; showing everything as missing would mislead.
    missing: input.governedByRoles ? [] : required.filter((s) => !grantedSet.has(s)),
    extra: granted.filter((s) => !requiredSet.has(s)),
    source: input.source,
    governedByRoles: input.governedByRoles,
  };
}

export function detectScopeDrift(previous: string[] | undefined, next: string[], at: number): ScopeDrift | null {
  if (!previous) return null;
  const before = new Set(previous);
  const after = new Set(next);
  const added = [...after].filter((s) => !before.has(s)).sort();
  const removed = [...before].filter((s) => !after.has(s)).sort();
  return added.length || removed.length ? { added, removed, at } : null;
}

/** tokens/me is the runtime truth; then the token response's `scope`; then a JWT's scope claim. */
export function chooseGrantedScopes(sources: { tokensMe?: string[]; tokenResponse?: string; jwtClaim?: string | string[] }): { granted: string[]; source: ScopeSource } {
  if (sources.tokensMe) return { granted: [...new Set(sources.tokensMe)].sort(), source: 'tokens_me' };
  if (sources.tokenResponse !== undefined) return { granted: parseScopeString(sources.tokenResponse), source: 'token_response' };
  if (sources.jwtClaim !== undefined) {
    const granted = Array.isArray(sources.jwtClaim) ? [...new Set(sources.jwtClaim)].sort() : parseScopeString(sources.jwtClaim);
    return { granted, source: 'jwt_claim' };
  }
  return { granted: [], source: 'none' };
}
