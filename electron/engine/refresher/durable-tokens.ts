// "Stored as soon as it arrives": new tokens go into the store's memory at once (every reader,
// the next refresh included, sees the rotated refresh token) and the durable write starts at the
// same moment. Callers get the access token without waiting for the fsync: the old refresh token
// is already spent at the server, so waiting would buy no safety, only latency. A crash between
// receipt and the fsync loses that one rotation, the window no design can close. The next refresh
// of the session waits for the write, so writes never overtake each other; a failed write is owed
// and retried before the next request.

import type { ProfileSecrets, SecretStore, TokenSet, Logger } from '../contracts.js';
import type { ProfileSession } from '../core/profile-session.js';

export class DurableTokens {
  constructor(private readonly store: SecretStore, private readonly logger: Logger) {}

  /** Puts the tokens in the store (memory at once) and starts their durable write. */
  save(session: ProfileSession, tokens: TokenSet, previousRefreshToken: string | undefined, onFailure: (reason: string) => void): void {
    const patch: Partial<ProfileSecrets> = {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      accessTokenIssuedAt: tokens.issuedAt,
      refreshToken: tokens.refreshToken ?? previousRefreshToken,
      ...(tokens.scope !== undefined ? { grantedScope: tokens.scope } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    };
    const write = this.store.update(session.profileId, patch).then(
      () => void (session.durableOwed = false),
      (error: unknown) => {
        session.durableOwed = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error('vault write failed after refresh', { profileId: session.profileId, error: reason });
        onFailure(reason);
      },
    );
    const tracked = write.finally(() => {
      if (session.durableWrite === tracked) session.durableWrite = undefined;
    });
    session.durableWrite = tracked;
  }

  /** Before a refresh: the previous write has landed, and a write a failure left owing is retried. */
  async settle(session: ProfileSession): Promise<void> {
    if (session.durableWrite) await session.durableWrite;
    if (!session.durableOwed) return;
    try {
      // An empty patch rewrites what the store holds in memory, the unsaved tokens included.
      await this.store.update(session.profileId, {});
      session.durableOwed = false;
    } catch {
      // The next refresh tries again; memory keeps serving the tokens meanwhile.
    }
  }
}
