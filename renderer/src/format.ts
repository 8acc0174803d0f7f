// Time formatting for countdowns and claims: Intl only, no date library.

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

export const STATE_LABEL: Record<string, string> = {
  valid: 'Valid',
  expiring: 'Expiring soon',
  refreshing: 'Refreshing…',
  retrying: 'Retrying',
  no_token: 'No token',
  expired: 'Expired',
  signin_required: 'Sign-in required',
  error: 'Error',
};
