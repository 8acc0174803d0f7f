// When to refresh a token, as a pure function so the rule is testable on its own.
//
// Rule: refresh once `fraction` (default 80%) of the lifetime has passed, but never later than
// `maxLeadMs` (default 5 min) before expiry. So the lead time before expiry is
// lead = min((1 - fraction) · lifetime, maxLeadMs): 300 s tokens renew 60 s early, 1 h tokens
// 5 min early; that point is the latest refresh.
//
// Profiles issued in the same second must not refresh in the same second, ever again. So each
// refresh is drawn uniformly from a window that ends at the latest point:
// - 'steady' (after a refresh): the window is three leads wide (never before half the lifetime):
//   30 s tokens refresh between 15 and 24 s, 1 h tokens between 40 and 55 min, so a fleet started
//   together diffuses within a few rounds while long tokens are not renewed much earlier;
// - 'first' (a token found at start-up, or a session's first schedule): the window opens at a
//   quarter of the lifetime (or now), so a fleet restarted together is spread over most of the
//   lifetime from the first round on instead of bunching in one lead.
// Never in the past.

export type PlanSpread = 'first' | 'steady';

export interface PlanInput {
  issuedAt: number;
  expiresAt: number;
  now: number;
  fraction?: number;
  maxLeadMs?: number;
  random?: () => number;
  spread?: PlanSpread;
}

export function planNextRefresh(input: PlanInput): number {
  const fraction = input.fraction ?? 0.8;
  const maxLeadMs = input.maxLeadMs ?? 5 * 60_000;
  const random = input.random ?? Math.random;
  const lifetime = Math.max(0, input.expiresAt - input.issuedAt);
  const lead = Math.min((1 - fraction) * lifetime, maxLeadMs);
  const latest = input.expiresAt - lead;
  const opensAt = input.spread === 'first'
    ? Math.max(input.now, input.issuedAt + lifetime / 4)
    : Math.max(input.issuedAt + lifetime / 2, latest - 3 * lead);
  const earliest = Math.min(latest, Math.max(opensAt, input.issuedAt));
  const spread = Math.max(0, latest - earliest);
  return Math.max(input.now, Math.round(latest - random() * spread));
}
