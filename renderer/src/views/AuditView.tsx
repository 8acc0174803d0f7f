import { useCallback, useEffect, useMemo, useState } from 'react';
import { AUDIT_EVENT_TYPES, type AuditEntry, type AuditEventType, type ProfileStatus } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { useAuditFeed } from '../api/hooks';
import { download, toCsv } from '../audit/audit-export';
import { auditRows } from '../audit/audit-rows';
import { AuditDetails } from '../audit/AuditDetails';
import { localDateTime } from '../format';
import { rememberNames } from '../profile-names';
import { clip, errorText } from '../text';

const EVENT_LABEL: Record<AuditEventType, string> = {
  refresh_succeeded: 'Refreshed', refresh_failed: 'Refresh failed', signin_required: 'Sign-in required', signed_in: 'Signed in',
  signed_out: 'Signed out', token_copied: 'Token copied', token_issued: 'Token handed to a tool', scope_drift: 'Scopes changed', validated: 'Validated',
  webhook_delivered: 'Webhook delivered', webhook_failed: 'Webhook failed', webhook_dropped: 'Webhook dropped',
  vault_recovered: 'Token store recovered', profile_changed: 'Profile changed',
};

export function AuditView({ statuses }: { statuses: ProfileStatus[] }) {
  const [profileId, setProfileId] = useState('');
  const [type, setType] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setEntries(await unwrap(api.readAudit({ ...(profileId ? { profileId } : {}), ...(type ? { types: [type as AuditEventType] } : {}), limit: 500 })));
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, [profileId, type]);
  useEffect(() => void load(), [load]);
  useAuditFeed(useCallback(() => void load(), [load]));
  // Names of every profile seen, including removed ones, so old lines and the filter still name them.
  const names = useMemo(() => rememberNames(statuses, entries), [statuses, entries]);
  const current = new Set(statuses.map((s) => s.profile.id));
  const known = [...new Set([...statuses.map((s) => s.profile.id), ...Object.keys(names), ...entries.flatMap((e) => (e.profileId ? [e.profileId] : []))])];
  const nameOf = (id: string) => `${names[id] ?? id}${current.has(id) ? '' : ' (removed)'}`;
  const rows = useMemo(() => auditRows(entries), [entries]);
  return (
    <section aria-labelledby="audit-title" className="audit-view">
      <h2 id="audit-title">Audit log</h2>
      <div className="row filters">
        <label htmlFor="audit-profile">Profile</label>
        <select id="audit-profile" value={profileId} onChange={(e) => setProfileId(e.target.value)}>
          <option value="">All profiles</option>
          {known.map((id) => <option key={id} value={id}>{clip(nameOf(id), 60)}</option>)}
        </select>
        <label htmlFor="audit-type">Event</label>
        <select id="audit-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All events</option>
          {AUDIT_EVENT_TYPES.map((t) => <option key={t} value={t}>{EVENT_LABEL[t]}</option>)}
        </select>
        <span className="spacer" />
        <button type="button" onClick={() => download('tokentray-audit.csv', 'text/csv', toCsv(entries))}>Export CSV</button>
        <button type="button" onClick={() => download('tokentray-audit.json', 'application/json', JSON.stringify(entries, null, 2))}>Export JSON</button>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {entries.length === 0 ? <p className="muted">No audit entries match.</p> : null}
      <table className="audit" aria-label="Audit entries">
        <thead><tr><th scope="col">When</th><th scope="col">What happened</th><th scope="col">Profile</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.at}-${row.entries.length}-${row.type}-${row.profileId ?? ''}`} data-type={row.type}>
              <td data-label="When"><time dateTime={row.at}>{localDateTime(Date.parse(row.at))}</time></td>
              <td data-label="What"><div><span className={`audit-sentence tone-${row.tone}`}>{row.sentence}</span><AuditDetails entries={row.entries} /></div></td>
              <td data-label="Profile"><span>{row.profileId ? clip(nameOf(row.profileId), 64) : '—'}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
