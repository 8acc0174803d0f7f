// The Consumers tab (issue 18): the local gateway's keys with their live figures, each profile's
// shared rate budget, and the grant form. Polled every 2 s while the tab is open (the gateway
// keeps its figures in memory; nothing is pushed).

import { useCallback, useEffect, useState } from 'react';
import type { GatewayListAnswer } from '../../../../shared/agent-protocol';
import type { ProfileStatus } from '../../../../shared/domain';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../text';
import { BudgetGauge } from './BudgetGauge';
import { ConsumerList } from './ConsumerList';
import { GrantForm } from './GrantForm';

const POLL_MS = 2000;

export function ConsumersView({ statuses }: { statuses: ProfileStatus[] }) {
  const [view, setView] = useState<GatewayListAnswer>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => unwrap(api.listConsumers()).then((v) => { setView(v); setError(undefined); }, (e: unknown) => setError(errorText(e))), []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  const profileName = (id: string) => statuses.find((s) => s.profile.id === id)?.profile.name ?? id;

  return (
    <section aria-labelledby="consumers-title" className="consumers">
      <h2 id="consumers-title">Consumers</h2>
      <p className="muted">
        Tools on this machine call Genesys Cloud through TokenTray's gateway with a key of their own; they never see the token.
        {view?.url ? <> Gateway: <span className="mono" data-testid="gateway-url">{view.url}</span>{view.serving ? '' : ' (not listening yet)'}.</> : null}
      </p>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {view && view.budgets.length > 0 ? (
        <div className="budgets" aria-label="Rate budget per token" role="group">
          {view.budgets.map((b) => <BudgetGauge key={b.profile} budget={b} profileName={profileName(b.profile)} />)}
        </div>
      ) : null}
      {view ? <ConsumerList consumers={view.consumers} profileName={profileName} onChanged={() => void load()} /> : error ? null : <p className="muted">Loading…</p>}
      <GrantForm statuses={statuses} onGranted={() => void load()} />
    </section>
  );
}
