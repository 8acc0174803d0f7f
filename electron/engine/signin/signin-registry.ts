// Sign-ins waiting for the user, one per profile, whoever started them. Any dashboard tab (or the
// tray) can see one and cancel it; a cancel that arrives before the loopback listener is up is
// remembered and applied the moment it is, so the port is released at once either way. It also
// knows which profile's sign-in holds which loopback port, so a clash names TokenTray itself
// instead of blaming "another program".

import type { PendingSignInView, ProfileId, ProfileStatus } from '../../../shared/domain.js';
import { EngineError } from '../contracts.js';

interface Entry {
  view: PendingSignInView;
  profileName: string;
  done: Promise<ProfileStatus>;
  cancel?: () => void;
  cancelRequested: boolean;
}

export class SignInRegistry {
  private readonly entries = new Map<ProfileId, Entry>();

  constructor(private readonly onChange: (profileId: ProfileId) => void) {}

  running(profileId: ProfileId): Promise<ProfileStatus> | undefined {
    return this.entries.get(profileId)?.done;
  }

  /** Refuses, in words, when another profile's pending browser sign-in already listens on `port`. */
  assertPortFree(profileId: ProfileId, port: number, at: number): void {
    for (const [otherId, entry] of this.entries) {
      if (otherId === profileId || entry.view.kind !== 'browser' || entry.view.port !== port) continue;
      throw new EngineError('config', {
        code: 'redirect_port_held_by_tokentray',
        message: `TokenTray itself holds port ${port}: the sign-in for "${entry.profileName}" is still waiting for its browser redirect there. Finish that sign-in, or cancel it (Cancel sign-in on its card), then try again.`,
        at,
      });
    }
  }

  /** Records a started sign-in; `done` settles when it ends, which removes the entry. */
  add(profileId: ProfileId, profileName: string, view: PendingSignInView, done: Promise<ProfileStatus>): void {
    const entry: Entry = { view, profileName, done, cancelRequested: false };
    this.entries.set(profileId, entry);
    const remove = () => {
      if (this.entries.get(profileId) !== entry) return;
      this.entries.delete(profileId);
      this.onChange(profileId);
    };
    done.then(remove, remove);
    this.onChange(profileId);
  }

  /** The flow can be cancelled from now on; applies a cancel that was asked for earlier. */
  attachCancel(profileId: ProfileId, cancel: () => void): void {
    const entry = this.entries.get(profileId);
    if (!entry) return cancel();
    entry.cancel = cancel;
    if (entry.cancelRequested) cancel();
  }

  isCancelled(profileId: ProfileId): boolean {
    return this.entries.get(profileId)?.cancelRequested ?? false;
  }

  /** Adds what the user needs to finish it (the authorize URL, a device code). */
  update(profileId: ProfileId, patch: Partial<PendingSignInView>): void {
    const entry = this.entries.get(profileId);
    if (!entry) return;
    entry.view = { ...entry.view, ...patch };
    this.onChange(profileId);
  }

  /** Cancels the profile's pending sign-in, if any; true when there was one. */
  cancel(profileId: ProfileId): boolean {
    const entry = this.entries.get(profileId);
    if (!entry) return false;
    entry.cancelRequested = true;
    entry.cancel?.();
    return true;
  }

  cancelAll(): void {
    for (const id of [...this.entries.keys()]) this.cancel(id);
  }

  view(profileId: ProfileId): PendingSignInView | undefined {
    const entry = this.entries.get(profileId);
    return entry ? { ...entry.view } : undefined;
  }
}
