// Trouble ahead, said before it happens: a token (or its Genesys idle deadline) about to run out
// while refreshing keeps failing, and a Genesys code-grant session that came without a refresh
// token because the org's idle timeout is on. Pure; the engine raises each warning once as a
// notice (desktop notification) and the dashboard shows them as a banner.

import type { ProblemInfo, ProfileConfig, ProfileState, StatusWarning } from '../../../shared/domain.js';

export interface WarningInputs {
  profile: ProfileConfig;
  state: ProfileState;
  now: number;
  warnBeforeMs: number;
  expiresAt?: number;
  idleAt?: number;
  lastError?: ProblemInfo;
  lastRefreshAt?: number;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

export function statusWarnings(input: WarningInputs): StatusWarning[] {
  const { profile, state, now, warnBeforeMs, expiresAt, idleAt, lastError } = input;
  const warnings: StatusWarning[] = [];
  const failing = state === 'retrying' || (state === 'error' && lastError !== undefined)
    || (lastError !== undefined && state !== 'signin_required' && (input.lastRefreshAt === undefined || lastError.at > input.lastRefreshAt));
  if (failing && !input.hasAccessToken && input.lastRefreshAt === undefined && lastError !== undefined) {
    // Worded for what the profile has: it never had a token, so nothing "has expired".
    warnings.push({ code: 'first_token_failing', message: `No token could be obtained yet: ${lastError.message}` });
  }
  if (failing && input.hasAccessToken && expiresAt !== undefined && expiresAt > now && expiresAt - now <= warnBeforeMs) {
    warnings.push({ code: 'expiry_while_failing', at: expiresAt, message: `Refreshing keeps failing and the token expires in about ${minutes(expiresAt - now)} min: ${lastError?.message ?? 'no answer yet'}` });
  }
  if (failing && input.hasAccessToken && idleAt !== undefined && idleAt > now && idleAt - now <= warnBeforeMs && (expiresAt === undefined || idleAt < expiresAt)) {
    warnings.push({ code: 'idle_while_failing', at: idleAt, message: `Refreshing keeps failing and Genesys idles the token out in about ${minutes(idleAt - now)} min (the org's idle timeout).` });
  }
  const genesysCode = profile.provider.kind === 'genesys' && profile.grant === 'authorization_code';
  if (genesysCode && idleAt !== undefined && !input.hasRefreshToken && (input.hasAccessToken || state === 'signin_required')) {
    warnings.push({
      code: 'no_refresh_token_idle',
      ...(expiresAt !== undefined ? { at: expiresAt } : {}),
      message: 'Genesys issued no refresh token: this org has an idle token timeout, and then Genesys Cloud gives code-grant sign-ins no refresh token. TokenTray cannot renew this token on its own; sign in again before it expires, and use it often enough to stay inside the idle window.',
    });
  }
  return warnings;
}

/** Raises each warning once per occurrence; a warning that clears and comes back is raised again. */
export function raiseNewWarnings(memory: { warningsRaised: Set<string> }, profile: ProfileConfig, warnings: StatusWarning[], notify: (title: string, message: string) => void): void {
  for (const warning of warnings) {
    if (memory.warningsRaised.has(warning.code)) continue;
    const title = warning.code === 'no_refresh_token_idle' ? 'no refresh token' : warning.code === 'first_token_failing' ? 'no token yet' : 'refresh keeps failing';
    notify(`${profile.name}: ${title}`, warning.message);
  }
  memory.warningsRaised = new Set(warnings.map((w) => w.code));
}
