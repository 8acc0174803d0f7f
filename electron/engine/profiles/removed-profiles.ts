// Undo for "Remove profile": the removed profile and its secrets are kept in memory (never on
// disk) for a short while, so the dashboard can offer Undo and put everything back as it was.

import type { ProfileConfig, ProfileId } from '../../../shared/domain.js';
import type { ProfileSecrets } from '../contracts.js';

export const UNDO_WINDOW_MS = 2 * 60_000;

interface Removed {
  profile: ProfileConfig;
  secrets: ProfileSecrets | undefined;
  at: number;
}

export class RecentlyRemoved {
  private readonly items = new Map<ProfileId, Removed>();

  keep(profile: ProfileConfig, secrets: ProfileSecrets | undefined, now: number): void {
    this.prune(now);
    this.items.set(profile.id, { profile, secrets: secrets ? { ...secrets } : undefined, at: now });
  }

  /** The removed profile and its secrets, once, if removed less than the undo window ago. */
  take(profileId: ProfileId, now: number): Removed | undefined {
    this.prune(now);
    const item = this.items.get(profileId);
    this.items.delete(profileId);
    return item;
  }

  private prune(now: number): void {
    for (const [id, item] of this.items) if (now - item.at > UNDO_WINDOW_MS) this.items.delete(id);
  }
}
