// The live budget gauge's words, pure so the view and the tests read the same sentence:
// "212 of 300 this minute, resets in 18 s".

import type { GatewayBudgetView } from '../../../../shared/agent-protocol';

export interface BudgetLine {
  text: string;
  /** 0..1 of the minute's allowance used; undefined until the server has told its limit. */
  fraction: number | undefined;
}

export function budgetLine(budget: GatewayBudgetView, now: number): BudgetLine {
  const resets = budget.resetsAt !== undefined && budget.resetsAt > now ? `, resets in ${Math.ceil((budget.resetsAt - now) / 1000)} s` : '';
  const waiting = budget.waiting > 0 ? ` · ${budget.waiting} waiting` : '';
  if (budget.allowed === undefined) return { text: `${budget.used} this minute; the limit shows after Genesys Cloud's first answer${waiting}`, fraction: undefined };
  return { text: `${budget.used} of ${budget.allowed} this minute${resets}${waiting}`, fraction: budget.allowed > 0 ? Math.min(1, budget.used / budget.allowed) : 1 };
}
