// When to refresh a token, as a pure function so the rule is testable on its own.
//
// Rule: refresh once `fraction` (default 80%) of the lifetime has passed, but never later than
// `maxLeadMs` (default 5 min) before expiry. So the lead time before expiry is
// min((1 - fraction) · lifetime, maxLeadMs): 300 s tokens renew 60 s early, 1 h tokens 5 min early,
// 24 h tokens 5 min early. A random jitter of up to min(jitterMs, lead / 4) is subtracted so many
// profiles issued together do not all hit the server in the same second. The result is never in
// the past.

export interface PlanInput {
  issuedAt: number;
  expiresAt: number;
  now: number;
  fraction?: number;
  maxLeadMs?: number;
  jitterMs?: number;
  random?: () => number;
}

export function planNextRefresh(input: PlanInput): number {
  const fraction = input.fraction ?? 0.8;
  const maxLeadMs = input.maxLeadMs ?? 5 * 60_000;
  const jitterMs = input.jitterMs ?? 15_000;
  const random = input.random ?? Math.random;
  const lifetime = Math.max(0, input.expiresAt - input.issuedAt);
  const lead = Math.min((1 - fraction) * lifetime, maxLeadMs);
  const jitter = random() * Math.min(jitterMs, lead / 4);
  return Math.max(input.now, Math.round(input.expiresAt - lead - jitter));
}
