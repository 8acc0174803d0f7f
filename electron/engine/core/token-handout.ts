// Tokens leaving the engine (clipboard, API calls, the agent's clients, the gateway): each one
// comes through the refresher's single flight, its audit line is written before it leaves, and it
// leaves only while the session it came from is live (no sign-out, edit or remove meanwhile).

import type { AuditEntry, ProfileId } from '../../../shared/domain.js';
import type { EngineClock } from '../contracts.js';
import type { Refresher } from '../refresher/refresher.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileRegistry } from './profile-registry.js';
import { sessionEnded, type ProfileSession } from './profile-session.js';

export interface HandedToken {
  token: string;
  expiresAt: number;
}

export class TokenHandout {
  constructor(private readonly deps: {
    registry: Pick<ProfileRegistry, 'require' | 'session' | 'isCurrent'>;
    refresher: Pick<Refresher, 'getAccessToken' | 'handleUnauthorized'>;
    bus: Pick<EngineBus, 'audit' | 'auditStrict'>;
    clock: EngineClock;
  }) {}

  /** For the main process (clipboard, API calls); a copy is audited, never fatally. Never sent to the renderer. */
  async forApp(profileId: ProfileId, purpose: 'copy' | 'api'): Promise<HandedToken> {
    const session = this.deps.registry.session(profileId);
    const result = await this.deps.refresher.getAccessToken(this.deps.registry.require(profileId), { minValidityMs: 30_000 });
    if (purpose === 'copy') await this.deps.bus.audit('token_copied', profileId, { expiresAt: new Date(result.expiresAt).toISOString() });
    return this.stillCurrent(session, result);
  }

  /**
   * For a local client of the agent (CLI, scripts, gateway), valid for at least `minValidityMs` when
   * the server allows. The audit line naming the client is written before the token leaves: if it
   * cannot be written, no token is handed out.
   */
  async forClient(profileId: ProfileId, minValidityMs: number, client: AuditEntry['detail']): Promise<HandedToken> {
    const session = this.deps.registry.session(profileId);
    const result = await this.deps.refresher.getAccessToken(this.deps.registry.require(profileId), { minValidityMs });
    await this.deps.bus.auditStrict('token_issued', profileId, { ...client, expiresAt: new Date(result.expiresAt).toISOString() });
    return this.stillCurrent(session, result);
  }

  /** An API answered 401 for `token`: every caller holding it waits for one shared refresh; undefined means give up. */
  async rejected(profileId: ProfileId, token: string): Promise<HandedToken | undefined> {
    const renewed = await this.deps.refresher.handleUnauthorized(this.deps.registry.require(profileId), token);
    return renewed && { token: renewed.accessToken, expiresAt: renewed.expiresAt };
  }

  private stillCurrent<T>(session: ProfileSession, result: T): T {
    if (this.deps.registry.isCurrent(session)) return result;
    throw sessionEnded('signed out, edited or removed while the token was being fetched', this.deps.clock.now());
  }
}
