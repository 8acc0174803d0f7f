// Sign-ins waiting for the user, one per profile session, whoever started them. Any dashboard tab
// (or the tray) can see one and cancel it; a cancel that arrives before the loopback listener is
// up is remembered and applied the moment it is, so the port is released at once either way. It
// also knows which profile's sign-in holds which loopback port, so a clash names TokenTray itself
// instead of blaming "another program". The pending sign-in lives in the session: ending the
// session cancels it.

import type { PendingSignInView, ProfileId } from '../../../shared/domain.js';
import { EngineError } from '../contracts.js';
import type { PendingSignIn, ProfileSession } from '../core/profile-session.js';

export class SignInRegistry {
  constructor(
    private readonly sessions: () => Iterable<ProfileSession>,
    private readonly onChange: (profileId: ProfileId) => void,
  ) {}

  running(session: ProfileSession): Promise<unknown> | undefined {
    return session.pendingSignIn?.done;
  }

  /** Refuses, in words, when another profile's pending browser sign-in already listens on `port`. */
  assertPortFree(session: ProfileSession, port: number, at: number): void {
    for (const other of this.sessions()) {
      const entry = other.pendingSignIn;
      if (other === session || !entry || entry.view.kind !== 'browser' || entry.view.port !== port) continue;
      throw new EngineError('config', {
        code: 'redirect_port_held_by_tokentray',
        message: `TokenTray itself holds port ${port}: the sign-in for "${entry.profileName}" is still waiting for its browser redirect there. Finish that sign-in, or cancel it (Cancel sign-in on its card), then try again.`,
        at,
      });
    }
  }

  /** Records a started sign-in; `done` settles when it ends, which removes the entry. */
  add(session: ProfileSession, profileName: string, view: PendingSignInView, done: Promise<unknown>): void {
    const entry: PendingSignIn = { view, profileName, done, cancelRequested: false };
    session.pendingSignIn = entry;
    const remove = () => {
      if (session.pendingSignIn !== entry) return;
      session.pendingSignIn = undefined;
      if (!session.ended) this.onChange(session.profileId);
    };
    done.then(remove, remove);
    this.onChange(session.profileId);
  }

  /** The flow can be cancelled from now on; applies a cancel that was asked for earlier. */
  attachCancel(session: ProfileSession, cancel: () => void): void {
    const entry = session.pendingSignIn;
    if (!entry) return cancel();
    entry.cancel = cancel;
    if (entry.cancelRequested || session.ended) cancel();
  }

  isCancelled(session: ProfileSession): boolean {
    return session.ended || (session.pendingSignIn?.cancelRequested ?? false);
  }

  /** Adds what the user needs to finish it (the authorize URL, a device code). */
  update(session: ProfileSession, patch: Partial<PendingSignInView>): void {
    const entry = session.pendingSignIn;
    if (!entry) return;
    entry.view = { ...entry.view, ...patch };
    this.onChange(session.profileId);
  }

  /** Cancels the session's pending sign-in, if any; true when there was one. */
  cancel(session: ProfileSession): boolean {
    const entry = session.pendingSignIn;
    if (!entry) return false;
    entry.cancelRequested = true;
    entry.cancel?.();
    return true;
  }

  cancelAll(): void {
    for (const session of this.sessions()) this.cancel(session);
  }
}
