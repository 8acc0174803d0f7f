import { useCallback, useEffect, useState } from 'react';
import { AUDIT_EVENT_TYPES, type AuditEntry, type AuditEventType, type ProfileStatus } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { useAuditFeed } from '../api/hooks';
import { download, toCsv } from '../audit-export';

export function AuditView({ statuses }: { statuses: ProfileStatus[] }) {
  const [profileId, setProfileId] = useState('');
  const [type, setType] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setEntries(await unwrap(api.readAudit({ ...(profileId ? { profileId } : {}), ...(type ? { types: [type as AuditEventType] } : {}), limit: 500 })));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [profileId, type]);
  useEffect(() => void load(), [load]);
  useAuditFeed(useCallback(() => void load(), [load]));
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="row">
        <label htmlFor="audit-profile">Profile</label>
        <select id="audit-profile" value={profileId} onChange={(e) => setProfileId(e.target.value)}>
          <option value="">All</option>
          {statuses.map((s) => <option key={s.profile.id} value={s.profile.id}>{s.profile.name}</option>)}
        </select>
        <label htmlFor="audit-type">Event</label>
        <select id="audit-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All</option>
          {AUDIT_EVENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <button type="button" onClick={() => download('tokentray-audit.csv', 'text/csv', toCsv(entries))}>Export CSV</button>
        <button type="button" onClick={() => download('tokentray-audit.json', 'application/json', JSON.stringify(entries, null, 2))}>Export JSON</button>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <table className="audit" aria-label="Audit entries">
        <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Profile</th><th scope="col">Details</th></tr></thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.at}-${i}`}>
              <td>{new Date(e.at).toLocaleTimeString()}</td>
              <td>{e.type}</td>
              <td>{e.profileId ?? ''}</td>
              <td><code>{Object.entries(e.detail).map(([k, v]) => `${k}=${String(v)}`).join(' ')}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
