// One profile's shared rate budget, live: a bar and "212 of 300 this minute, resets in 18 s".
// The countdown ticks on the shared clock; the figures come with each poll of the consumers.

import type { GatewayBudgetView } from '../../../../shared/agent-protocol';
import { budgetLine } from '../../../../shared/budget-line';
import { useNow } from '../../clock';

export function BudgetGauge({ budget, profileName }: { budget: GatewayBudgetView; profileName: string }) {
  const line = budgetLine(budget, useNow());
  const tone = line.fraction === undefined || line.fraction < 0.7 ? 'ok' : line.fraction < 0.9 ? 'warn' : 'bad';
  return (
    <div className="budget" data-testid={`budget-${budget.profile}`}>
      <p className="budget-name">{profileName}</p>
      {line.fraction !== undefined ? (
        <div className="bar" aria-hidden="true"><span className={`fill ${tone}`} style={{ width: `${Math.round(line.fraction * 100)}%` }} /></div>
      ) : null}
      <p className="budget-text" data-testid="budget-text">{line.text}</p>
    </div>
  );
}
