// Time formatting for countdowns and claims: Intl only, no date library.

import type { ProfileState } from '../../shared/domain';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function countdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

export function relativeTime(at: number, now: number): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return relative.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return relative.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return relative.format(Math.round(diff / 3_600_000), 'hour');
  return relative.format(Math.round(diff / 86_400_000), 'day');
}

export function localTime(at: number): string {
  return new Date(at).toLocaleString();
}

export const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

export const STATE_LABEL: Record<ProfileState, string> = {
  valid: 'Valid',
  expiring: 'Expiring soon',
  refreshing: 'Refreshing…',
  retrying: 'Retrying',
  no_token: 'No token',
  expired: 'Expired',
  signin_required: 'Sign-in required',
  error: 'Error',
};

/** Date and time, e.g. "14 Mar 2026, 09:41:07": audit lines span days. */
const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
export function localDateTime(at: number): string {
  return dateTime.format(at);
}

const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
export function clockOf(at: number): string {
  return clockTime.format(at);
}

/** How each state reads and which colour family shows it (never colour alone: words and a glyph too). */
export const STATE_TONE: Record<ProfileState, 'ok' | 'warn' | 'bad' | 'idle'> = {
  valid: 'ok',
  expiring: 'warn',
  refreshing: 'idle',
  retrying: 'warn',
  no_token: 'bad',
  expired: 'bad',
  signin_required: 'bad',
  error: 'bad',
};

export const GRANT_LABEL: Record<string, string> = {
  authorization_code: 'Authorization code',
  client_credentials: 'Client credentials',
  pkce: 'PKCE (public client)',
};
