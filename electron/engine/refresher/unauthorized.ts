// What to do when an API answers 401 for an access token: every caller holding that token waits
// for ONE refresh and gets the new token; a token the server rejects right after issuing it is not
// refreshed again (no loop). Kept in the session (a new session forgets it) and keyed by a hash,
// so rejected tokens are never kept in memory as-is.

import { createHash } from 'node:crypto';
import type { TokenSet } from '../contracts.js';
import type { ProfileSession } from '../core/profile-session.js';

const MAX_REMEMBERED = 64;

/**
 * `current` is the profile's token right now; `refresh` starts (or joins) the single refresh.
 * Resolves with the token to retry with, or undefined when retrying cannot help.
 */
export async function handleUnauthorized(session: ProfileSession, rejected: string, current: () => TokenSet | undefined, refresh: () => Promise<TokenSet>): Promise<TokenSet | undefined> {
  const now = current();
  if (now && now.accessToken !== rejected) return now;
  const refreshes = session.unauthorized;
  const key = createHash('sha256').update(rejected).digest('base64url');
  const existing = refreshes.get(key);
  if (existing) {
    const result = await existing;
    const latest = current() ?? result;
    // The refresh for this token already happened and the server still rejects what it issued:
    // another refresh would loop, so the caller gives up with the refresh's answer.
    return latest.accessToken !== rejected ? latest : undefined;
  }
  const running = refresh();
  refreshes.set(key, running);
  running.catch(() => refreshes.delete(key));
  if (refreshes.size > MAX_REMEMBERED) {
    const oldest = refreshes.keys().next().value;
    if (oldest !== undefined) refreshes.delete(oldest);
  }
  return running;
}
