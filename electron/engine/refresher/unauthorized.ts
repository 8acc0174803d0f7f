// What to do when an API answers 401 for an access token: every caller holding that token waits
// for ONE refresh and gets the new token; a token the server rejects right after issuing it is not
// refreshed again (no loop). Keyed by a hash, so rejected tokens are never kept in memory as-is.

import { createHash } from 'node:crypto';
import type { ProfileId } from '../../../shared/domain.js';
import type { TokenSet } from '../contracts.js';

const MAX_REMEMBERED = 1_024;

export class UnauthorizedCoalescer {
  /** One refresh per (profile, rejected token): pending or settled, shared by every caller. */
  private readonly refreshes = new Map<string, Promise<TokenSet>>();

  /**
   * `current` is the profile's token right now; `refresh` starts (or joins) the single refresh.
   * Resolves with the token to retry with, or undefined when retrying cannot help.
   */
  async handle(profileId: ProfileId, rejected: string, current: () => TokenSet | undefined, refresh: () => Promise<TokenSet>): Promise<TokenSet | undefined> {
    const now = current();
    if (now && now.accessToken !== rejected) return now;
    const key = `${profileId}:${createHash('sha256').update(rejected).digest('base64url')}`;
    const existing = this.refreshes.get(key);
    if (existing) {
      const result = await existing;
      const latest = current() ?? result;
      // The refresh for this token already happened and the server still rejects what it issued:
      // another refresh would loop, so the caller gives up with the refresh's answer.
      return latest.accessToken !== rejected ? latest : undefined;
    }
    const running = refresh();
    this.refreshes.set(key, running);
    running.catch(() => this.refreshes.delete(key));
    if (this.refreshes.size > MAX_REMEMBERED) {
      const oldest = this.refreshes.keys().next().value;
      if (oldest !== undefined) this.refreshes.delete(oldest);
    }
    return running;
  }

  forget(profileId: ProfileId): void {
    for (const key of [...this.refreshes.keys()]) if (key.startsWith(`${profileId}:`)) this.refreshes.delete(key);
  }
}
