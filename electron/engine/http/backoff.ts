/**
 * "Full jitter" exponential backoff: a random wait between 0 and min(cap, base·2^attempt).
 * Spreads retries of many clients apart instead of having them hammer a struggling server in step.
 */
export function fullJitterBackoff(attempt: number, policy: { baseMs: number; capMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
