// One line per profile for the terminal: state, time left, next refresh, missing scopes.

import type { ProfileStatus } from '../../shared/domain.js';

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export function renderStatusLines(statuses: ProfileStatus[], now: number): string[] {
  if (statuses.length === 0) return ['No profiles yet. Add one in the dashboard, or set GENESYS_ENV, GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (fix any warned about above; see README.md).'];
  return statuses.map((s) => {
    const parts = [`${s.profile.name}: ${s.state.replace('_', ' ')}`];
    if (s.expiresAt !== undefined && s.state !== 'no_token') parts.push(s.expiresAt > now ? `expires in ${formatDuration(s.expiresAt - now)}` : `expired ${formatDuration(now - s.expiresAt)} ago`);
    if (s.idleAt !== undefined) parts.push(`idles in ${formatDuration(s.idleAt - now)}`);
    if (s.nextRefreshAt !== undefined) parts.push(`next refresh in ${formatDuration(s.nextRefreshAt - now)}`);
    if (s.scopes.governedByRoles) parts.push('roles govern access (client credentials)');
    else if (s.scopes.missing.length) parts.push(`missing scopes: ${s.scopes.missing.join(', ')}`);
    if (s.lastError && (s.state === 'signin_required' || s.state === 'error' || s.state === 'retrying')) parts.push(s.lastError.message);
    return `  ${parts.join(' · ')}`;
  });
}
