// Numbers a server sends are bounded before the engine acts on them. A hostile or broken server
// must not make an expiry Infinity (which JSON turns into null, and the next start then sets the
// whole vault aside), park a profile for years with a huge Retry-After, or make a device flow poll
// in a tight loop with `interval: 0`.

/** The longest wait a server may impose (README: Retry-After is capped at 15 minutes). */
export const MAX_SERVER_WAIT_MS = 15 * 60_000;
/** Retry this long before the current token expires, whatever the server asked. */
export const EXPIRY_MARGIN_MS = 30_000;
/** Access-token lifetimes outside [1 s, 2 years] are clamped into it. */
export const MIN_LIFETIME_SEC = 1;
// Genesys SCIM clients issue tokens valid for up to 450 days: the cap sits well above that (two
// years) and only guards against absurd values; long waits are chained below setTimeout's limit.
export const MAX_LIFETIME_SEC = 2 * 365 * 24 * 3600;
/** RFC 8628 §3.2: clients poll no faster than every 5 s. */
export const MIN_DEVICE_INTERVAL_SEC = 5;

/**
 * `expires_in` as the server sent it, clamped to [1 s, 1 year]. Clamping rather than rejecting,
 * because the same response may carry a rotated refresh token that must not be lost. Returns
 * undefined for a value that is not a number at all.
 */
export function boundedLifetimeSec(raw: number): number | undefined {
  if (Number.isNaN(raw)) return undefined;
  if (raw === Number.POSITIVE_INFINITY) return MAX_LIFETIME_SEC;
  return Math.min(MAX_LIFETIME_SEC, Math.max(MIN_LIFETIME_SEC, Math.floor(raw)));
}

/** A server-requested wait, capped at 15 minutes. */
export function boundedServerWaitMs(waitMs: number): number {
  if (!Number.isFinite(waitMs) || waitMs > MAX_SERVER_WAIT_MS) return MAX_SERVER_WAIT_MS;
  return Math.max(0, waitMs);
}

/**
 * When to try again after a server asked for `waitMs`: capped at 15 minutes and, while the current
 * token still lives, never past its expiry minus a margin, so a long wait never lets it lapse.
 */
export function boundedRetryAt(now: number, waitMs: number, tokenExpiresAt: number | undefined): number {
  const at = now + boundedServerWaitMs(waitMs);
  if (tokenExpiresAt === undefined) return at;
  const beforeExpiry = tokenExpiresAt - EXPIRY_MARGIN_MS;
  return beforeExpiry > now ? Math.min(at, beforeExpiry) : at;
}

/** The device-flow polling interval in ms: at least 5 s (also for 0, negative or junk), at most 15 min. */
export function boundedDeviceIntervalMs(intervalSec: number | undefined): number {
  const sec = intervalSec === undefined || !Number.isFinite(intervalSec) ? MIN_DEVICE_INTERVAL_SEC : Math.max(MIN_DEVICE_INTERVAL_SEC, intervalSec);
  return boundedServerWaitMs(sec * 1000);
}
