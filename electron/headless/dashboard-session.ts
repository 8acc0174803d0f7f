// The browser dashboard's credentials. The printed link carries a one-time key in its fragment
// (never sent in a request line or Referer); the page trades it once for a session credential it
// keeps in sessionStorage and sends as a header. No cookie authenticates anything, because cookies
// are not separated by port: every other server on 127.0.0.1 would receive them.

import { createHash, randomBytes } from 'node:crypto';

const MAX_SESSIONS = 32;
const MAX_USED_KEYS = 64;

export type KeyExchange =
  | { ok: true; session: string }
  | { ok: false; code: 'link_used' | 'invalid_link'; message: string };

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

export class DashboardSessions {
  private key = newSecret();
  /** Digests only: a lookup by digest leaks nothing useful through timing. */
  private readonly sessions = new Set<string>();
  private readonly usedKeys = new Set<string>();

  constructor(private readonly onNewLink: (key: string) => void = () => {}) {}

  currentKey(): string {
    return this.key;
  }

  /** Trades the one-time key for a session; the key is spent and a fresh one announced. */
  exchange(candidate: unknown): KeyExchange {
    if (typeof candidate !== 'string' || candidate.length > 200) return invalid();
    const candidateDigest = digest(candidate);
    if (candidateDigest !== digest(this.key)) {
      if (this.usedKeys.has(candidateDigest)) {
        return {
          ok: false,
          code: 'link_used',
          message: 'This dashboard link was already used: each link opens one browser tab, so a copied or bookmarked link cannot be replayed. ' +
            'TokenTray printed a new link in its terminal when this one was used; open that one (or restart TokenTray for a new link).',
        };
      }
      return invalid();
    }
    remember(this.usedKeys, candidateDigest, MAX_USED_KEYS);
    this.key = newSecret();
    const session = newSecret();
    remember(this.sessions, digest(session), MAX_SESSIONS);
    this.onNewLink(this.key);
    return { ok: true, session };
  }

  isValid(session: string | undefined): boolean {
    return typeof session === 'string' && session.length <= 200 && this.sessions.has(digest(session));
  }
}

function invalid(): KeyExchange {
  return { ok: false, code: 'invalid_link', message: 'This dashboard link is not valid (links change every run). Open the link TokenTray printed in its terminal.' };
}

function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Adds to a set that forgets its oldest entries, so a long run cannot grow it without bound. */
function remember(set: Set<string>, value: string, max: number): void {
  set.add(value);
  while (set.size > max) set.delete(set.values().next().value as string);
}
