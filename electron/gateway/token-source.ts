// The gateway's access tokens, from the engine's single flight. A token is asked for once and kept
// in memory until it nears expiry or the engine announces a new one (a status change with another
// expiry), so 2,000 requests a second cost no refreshes and no audit line each; one `token_issued`
// audit line records each token the gateway took. A 401 goes back to the engine (`tokenRejected`),
// which refreshes at most once for every caller holding that token.

import type { ProfileStatus } from '../../shared/domain.js';
import type { TokenEngine } from '../engine/index.js';

/** What the gateway needs of the engine: its public methods only. */
export type GatewayEngine = Pick<TokenEngine, 'issueToken' | 'tokenRejected' | 'onChange' | 'profiles'>;

interface Held {
  token: string;
  expiresAt: number;
}

/** A token handed on must stay valid at least this long; it is renewed through the engine otherwise. */
const MIN_VALIDITY_MS = 60_000;

export class GatewayTokens {
  private readonly held = new Map<string, Held>();
  private readonly asking = new Map<string, Promise<Held>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly engine: GatewayEngine, private readonly now: () => number = Date.now) {
    this.unsubscribe = engine.onChange((change) => {
      if (change.type === 'status') this.statusChanged(change.status);
      if (change.type === 'profiles') for (const id of [...this.held.keys()]) if (!change.profiles.some((p) => p.id === id)) this.held.delete(id);
    });
  }

  /** The profile's current token (asked of the engine when none is held or it is about to expire). */
  async current(profileId: string): Promise<string> {
    const held = this.held.get(profileId);
    if (held && held.expiresAt - this.now() > MIN_VALIDITY_MS) return held.token;
    let asking = this.asking.get(profileId);
    if (!asking) {
      asking = this.engine.issueToken(profileId, MIN_VALIDITY_MS * 2, { via: 'gateway', clientIdentity: 'TokenTray gateway (in process)' })
        .then((issued) => {
          const next = { token: issued.token, expiresAt: issued.expiresAt };
          this.held.set(profileId, next);
          return next;
        })
        .finally(() => this.asking.delete(profileId));
      this.asking.set(profileId, asking);
    }
    return (await asking).token;
  }

  /** Upstream said 401 to `token`: the engine's one refresh; undefined when retrying cannot help. */
  async rejected(profileId: string, token: string): Promise<string | undefined> {
    const renewed = await this.engine.tokenRejected(profileId, token);
    if (!renewed) {
      if (this.held.get(profileId)?.token === token) this.held.delete(profileId);
      return undefined;
    }
    this.held.set(profileId, { token: renewed.token, expiresAt: renewed.expiresAt });
    return renewed.token;
  }

  close(): void {
    this.unsubscribe();
    this.held.clear();
  }

  private statusChanged(status: ProfileStatus): void {
    const held = this.held.get(status.profile.id);
    // A refresh happened (or the token was dropped): the next request asks the engine again.
    if (held && status.expiresAt !== held.expiresAt) this.held.delete(status.profile.id);
  }
}
