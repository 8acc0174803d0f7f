import { useCallback, useEffect, useState } from 'react';
import type { MetricsSummary, ProfileStatus, TokenInspection } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { JwtView } from '../components/ClaimsTable';
import { LatencyChart } from '../components/LatencyChart';
import { ScopeList } from '../components/ScopeList';
import { SessionPanel } from '../components/SessionPanel';
import { countdown, localTime } from '../format';

export function ProfileDetail({ status, now }: { status: ProfileStatus; now: number }) {
  const id = status.profile.id;
  const [metrics, setMetrics] = useState<MetricsSummary>();
  const [inspection, setInspection] = useState<TokenInspection>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      setMetrics(await unwrap(api.getMetrics({ profileId: id })));
      setInspection(await unwrap(api.inspect({ profileId: id })));
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [id]);
  // Reload when a refresh lands (lastRefreshAt changes) or the profile changes.
  useEffect(() => void load(), [load, status.lastRefreshAt]);

  const validate = async () => {
    try {
      const report = await unwrap(api.validate({ profileId: id }));
      setInspection(report.inspection);
      setMetrics(await unwrap(api.getMetrics({ profileId: id })));
      setError(report.valid ? undefined : report.message);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-labelledby="detail-title" className="detail">
      <h2 id="detail-title">{status.profile.name}</h2>
      <p className="muted">
        {status.profile.provider.kind === 'genesys' ? `Genesys Cloud · ${status.profile.provider.domain}` : `OpenID Connect · ${status.profile.provider.issuer}`} · {status.profile.grant} · client {status.profile.clientId}
        {status.tokenPreview ? ` · token ${status.tokenPreview}` : ''}
      </p>
      {error ? <p className="error" role="alert">{error}</p> : null}

      <h3>Session</h3>
      <SessionPanel status={status} />

      <h3>Scopes</h3>
      <ScopeList scopes={status.scopes} />

      <h3>Refresh latency</h3>
      {metrics ? (
        <>
          <dl className="counters">
            <dt>Successes</dt><dd data-testid="successes">{metrics.successes}</dd>
            <dt>Failures</dt><dd>{metrics.failures}</dd>
            <dt>Attempts</dt><dd>{metrics.failedAttempts > 0 ? `${metrics.attempts} (${metrics.failedAttempts} retried)` : metrics.attempts}</dd>
            <dt>Validity rate</dt><dd>{metrics.validityRate === null ? '—' : `${Math.round(metrics.validityRate * 100)} %`}</dd>
            <dt>p50</dt><dd>{metrics.p50Ms === null ? '—' : `${metrics.p50Ms.toFixed(0)} ms`}</dd>
            <dt>p95</dt><dd>{metrics.p95Ms === null ? '—' : `${metrics.p95Ms.toFixed(0)} ms`}</dd>
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
    </section>
  );
}
