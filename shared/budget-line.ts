// A token's shared gateway budget in words, pure so the dashboard's gauge and the tray tooltip say
// the same thing: "212 of 300 this minute, resets in 18 s". Process-neutral like the rest of shared/.

import type { GatewayBudgetView } from './agent-protocol.js';

export interface BudgetLine {
  text: string;
  /** 0..1 of the minute's allowance used; undefined until the server has told its limit. */
  fraction: number | undefined;
}

/** `withReset: false` where the words are not redrawn every second (the tray's tooltip), so no countdown goes stale. */
export function budgetLine(budget: GatewayBudgetView, now: number, options: { withReset?: boolean } = {}): BudgetLine {
  const resets = options.withReset !== false && budget.resetsAt !== undefined && budget.resetsAt > now ? `, resets in ${Math.ceil((budget.resetsAt - now) / 1000)} s` : '';
  const waiting = budget.waiting > 0 ? ` · ${budget.waiting} waiting` : '';
  if (budget.allowed === undefined) return { text: `${budget.used} this minute; the limit shows after Genesys Cloud's first answer${waiting}`, fraction: undefined };
  return { text: `${budget.used} of ${budget.allowed} this minute${resets}${waiting}`, fraction: budget.allowed > 0 ? Math.min(1, budget.used / budget.allowed) : 1 };
}
