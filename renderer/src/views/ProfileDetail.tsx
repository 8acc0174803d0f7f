import { useCallback, useEffect, useState } from 'react';
import type { MetricsSummary, ProfileStatus, TokenInspection } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { useCanCopy, useCliCommand } from '../app-info';
import { useNow } from '../clock';
import { useAction } from '../api/use-action';
import { JwtView } from '../components/ClaimsTable';
import { LatencyChart } from '../components/LatencyChart';
import { hasLiveToken, LifeBar } from '../components/LifeBar';
import { ScopeList } from '../components/ScopeList';
import { SessionPanel } from '../components/SessionPanel';
import { StatusDetails } from '../components/StatusDetails';
import { StatusPill } from '../components/StatusPill';
import { countdown, GRANT_LABEL, localTime } from '../format';
import { diagnose } from '../status/diagnosis';
import { clip, errorText } from '../text';
import { useShortcuts } from '../use-shortcuts';
import { copyMessage, refreshMessage, whereLabel } from '../api/profile-actions';
import { PrimaryActionButton } from './overview/PrimaryActionButton';
import type { EditField } from './overview/ProfileRow';
import { RowMenu, type RowMenuItem } from './overview/RowMenu';
import { signInMessage } from '../api/profile-actions';

export function ProfileDetail({ status, onBack, onEdit }: { status: ProfileStatus; onBack: () => void; onEdit: (field: EditField) => void }) {
  const now = useNow();
  const id = status.profile.id;
  const [metrics, setMetrics] = useState<MetricsSummary>();
  const [inspection, setInspection] = useState<TokenInspection>();
  const [error, setError] = useState<string>();
  const { busy, message, run } = useAction();
  const live = hasLiveToken(status, now);
  const canCopy = useCanCopy();
  const tokentray = useCliCommand();
  const diagnosis = diagnose(status, { now, canCopy });
  const fix = diagnosis.action && diagnosis.action.kind !== 'copy' && diagnosis.action.kind !== 'copy_command' ? diagnosis.action : undefined;
  // A new token (sign-in, refresh, sign-out) makes the last tokens/me view stale: drop it at once.
  const tokenKey = `${status.tokenPreview ?? ''}|${status.issuedAt ?? ''}`;

  const load = useCallback(async () => {
    try {
      setMetrics(await unwrap(api.getMetrics({ profileId: id })));
      setInspection(await unwrap(api.inspect({ profileId: id })));
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, [id]);
  useEffect(() => {
    setInspection(undefined);
    void load();
  }, [load, tokenKey, status.lastRefreshAt]);

  const validate = async () => {
    try {
      const report = await unwrap(api.validate({ profileId: id }));
      setInspection(report.inspection);
      setMetrics(await unwrap(api.getMetrics({ profileId: id })));
      setError(report.valid ? undefined : clip(report.message, 400));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const refresh = () => void run(() => refreshMessage(id));
  const copy = () => void run(() => copyMessage(id));
  // Escape leaves the detail, unless an open dialog or menu takes it first.
  const more: RowMenuItem[] = [];
  if (status.profile.grant !== 'client_credentials' && !status.pendingSignIn && fix?.kind !== 'sign_in') more.push({ label: 'Sign in again', onSelect: () => void run(() => signInMessage(id)) });
  if (!status.profile.sandbox) more.push({ label: 'Edit profile', onSelect: () => onEdit('clientId') });
  more.push({ label: 'Validate now', onSelect: () => void validate() });
  useShortcuts({ r: refresh, c: () => live && canCopy && copy(), Escape: onBack });

  return (
    <section aria-labelledby="detail-title" className="detail">
      <button type="button" className="link back" onClick={onBack}>← All profiles</button>
      <header className="detail-head">
        <h2 id="detail-title">{status.profile.name}</h2>
        <span className="detail-tools">
          <StatusPill tone={diagnosis.tone} label={diagnosis.pill} />
          <RowMenu status={status} items={more} />
        </span>
      </header>
      <p className="where">{whereLabel(status)}</p>
      <p className="client">Client <code>{clip(status.profile.clientId, 80)}</code> · {GRANT_LABEL[status.profile.grant]}{status.tokenPreview ? <> · token <code>{status.tokenPreview}</code></> : null}</p>
      <p className={`status-line tone-${diagnosis.tone}`} data-testid="detail-status">{diagnosis.line}</p>
      <StatusDetails status={status} diagnosis={diagnosis} defaultOpen={diagnosis.needsAttention} />
      <LifeBar status={status} />
      <div className="actions">
        {fix ? <PrimaryActionButton profileId={id} action={fix} busy={busy} run={run} onEdit={onEdit} /> : null}
        {fix?.kind !== 'retry' && fix?.kind !== 'sign_in' ? <button type="button" disabled={busy} onClick={refresh} aria-keyshortcuts="R">Refresh now <kbd>R</kbd></button> : null}
        {canCopy ? <button type="button" disabled={busy || !live} onClick={copy} aria-keyshortcuts="C">Copy token <kbd>C</kbd></button> : null}
      </div>
      {!canCopy ? <p className="muted small">This TokenTray has no system clipboard: run <code>{tokentray} token {status.profile.id}</code> in a terminal on this machine to print the token.</p> : null}
      <p className="message" aria-live="polite" data-testid="detail-message">{message ?? '\u00a0'}</p>
      {error ? <p className="error" role="alert">{error}</p> : null}

      <h3>Session</h3>
      <SessionPanel status={status} />

      <h3>Scopes</h3>
      <ScopeList scopes={status.scopes} />

      <h3>Refresh latency</h3>
      {metrics ? (
        <>
          <dl className="counters">
            <div><dt>Successes</dt><dd data-testid="successes">{metrics.successes}</dd></div>
            <div><dt>Failures</dt><dd>{metrics.failures}</dd></div>
            <div><dt>Attempts</dt><dd>{metrics.failedAttempts > 0 ? `${metrics.attempts} (${metrics.failedAttempts} retried)` : metrics.attempts}</dd></div>
            <div><dt>Validity rate</dt><dd>{metrics.validityRate === null ? '—' : `${Math.round(metrics.validityRate * 100)} %`}</dd></div>
          </dl>
          <LatencyChart metrics={metrics} />
        </>
      ) : null}

      <h3>Token</h3>
      <button type="button" onClick={validate}>Validate now</button>
      {inspection?.kind === 'jwt' ? <JwtView jwt={inspection.jwt} now={now} /> : null}
      {inspection?.kind === 'genesys' ? (
        <div className="introspection" data-testid="introspection">
          <dl>
            <dt>Organization</dt><dd>{inspection.introspection.organization?.name ?? inspection.introspection.organization?.id ?? '—'}</dd>
            <dt>OAuth client</dt><dd>{inspection.introspection.oauthClient?.name ?? inspection.introspection.oauthClient?.id ?? '—'} ({inspection.introspection.oauthClient?.authorizedGrantType ?? '?'})</dd>
            <dt>Authorized scopes</dt><dd>{inspection.introspection.authorizedScope.join(' ') || 'none (roles apply)'}</dd>
            <dt>Idles out</dt><dd>{inspection.introspection.idleAt ? `${localTime(inspection.introspection.idleAt)} (in ${countdown(inspection.introspection.idleAt - now)})` : '—'}</dd>
          </dl>
          {inspection.jwt ? <JwtView jwt={inspection.jwt} now={now} /> : <p className="muted">Genesys access tokens are opaque; this is Genesys's own view of it (tokens/me).</p>}
        </div>
      ) : null}
      {inspection?.kind === 'none' ? <p className="muted">{inspection.reason}</p> : null}
      {inspection === undefined ? <p className="muted">Loading the token's details…</p> : null}
    </section>
  );
}
