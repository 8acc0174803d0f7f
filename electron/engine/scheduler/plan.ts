// When to refresh a token, as a pure function so the rule is testable on its own.
//
// Rule: refresh once `fraction` (default 80%) of the lifetime has passed, but never later than
// `maxLeadMs` (default 5 min) before expiry. So the lead time before expiry is
// lead = min((1 - fraction) · lifetime, maxLeadMs): 300 s tokens renew 60 s early, 1 h tokens
// 5 min early. The refresh is then spread uniformly over a window of one more lead before that
// point (never before half the lifetime), so profiles issued in the same second refresh across
// the whole window rather than in a bunch: 500 profiles with 180 s tokens spread over 36 s, not
// over a few seconds. Each refresh draws again, so they stay spread. Never in the past.

export interface PlanInput {
  issuedAt: number;
  expiresAt: number;
  now: number;
  fraction?: number;
  maxLeadMs?: number;
  random?: () => number;
}

export function planNextRefresh(input: PlanInput): number {
  const fraction = input.fraction ?? 0.8;
  const maxLeadMs = input.maxLeadMs ?? 5 * 60_000;
  const random = input.random ?? Math.random;
  const lifetime = Math.max(0, input.expiresAt - input.issuedAt);
  const lead = Math.min((1 - fraction) * lifetime, maxLeadMs);
  const latest = input.expiresAt - lead;
  const earliest = Math.max(latest - lead, input.issuedAt + lifetime / 2);
  const spread = Math.max(0, latest - earliest);
  return Math.max(input.now, Math.round(latest - random() * spread));
}
