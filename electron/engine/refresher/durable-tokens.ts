// "Stored before handed out": new tokens go to the store before any caller sees them. When the
// durable write fails, the store still holds them in memory (its contract), so nothing is lost;
// this remembers which profiles still owe a durable write and retries it before the next refresh.

import type { ProfileId } from '../../../shared/domain.js';
import { EngineError, type Clock, type Logger, type ProfileSecrets, type SecretStore, type TokenSet } from '../contracts.js';

export class DurableTokens {
  private readonly unsaved = new Set<ProfileId>();

  constructor(private readonly store: SecretStore, private readonly clock: Clock, private readonly logger: Logger) {}

  async save(profileId: ProfileId, tokens: TokenSet, previousRefreshToken: string | undefined): Promise<void> {
    const patch: Partial<ProfileSecrets> = {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      accessTokenIssuedAt: tokens.issuedAt,
      refreshToken: tokens.refreshToken ?? previousRefreshToken,
      ...(tokens.scope !== undefined ? { grantedScope: tokens.scope } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    };
    try {
      await this.store.update(profileId, patch);
      this.unsaved.delete(profileId);
    } catch (error) {
      this.unsaved.add(profileId);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error('vault write failed after refresh', { profileId, error: reason });
      throw new EngineError('storage', {
        code: 'vault_write_failed',
        message: `Could not save the new tokens to the encrypted store (${reason}). They are kept in memory and TokenTray will retry saving; check free disk space and permissions of the data folder.`,
        at: this.clock.now(),
      });
    }
  }

  /** Before a refresh: the write a failure left owing. Still failing keeps serving from memory. */
  async retryOwed(profileId: ProfileId): Promise<void> {
    if (!this.unsaved.has(profileId)) return;
    try {
      // An empty patch rewrites what the store holds in memory, the unsaved tokens included.
      await this.store.update(profileId, {});
      this.unsaved.delete(profileId);
    } catch {
      // The next refresh tries again.
    }
  }

  forget(profileId: ProfileId): void {
    this.unsaved.delete(profileId);
  }
}
