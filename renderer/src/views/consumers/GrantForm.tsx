// Grant a consumer key from the dashboard: which profile's token it spends, who it is for,
// read-only or not, allow rules, expiry. The key comes back once and is shown once, with Copy where
// this dashboard's app has a clipboard and a plain "shown once" note otherwise; it is never stored
// here beyond this form's state, which the next grant or leaving the tab drops.

import { useState } from 'react';
import type { GatewayGrantAnswer } from '../../../../shared/agent-protocol';
import { CONSUMER_NAME_PATTERN } from '../../../../shared/dashboard-schemas';
import type { ProfileStatus } from '../../../../shared/domain';
import { api, unwrap } from '../../api/api';
import { useCanCopy } from '../../app-info';
import { errorText } from '../../text';

export function GrantForm({ statuses, onGranted }: { statuses: ProfileStatus[]; onGranted: () => void }) {
  // The gateway forwards to Genesys Cloud API hosts only: OIDC profiles cannot back a key.
  const genesys = statuses.filter((s) => s.profile.provider.kind === 'genesys');
  const [profileId, setProfileId] = useState('');
  const [consumer, setConsumer] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [allow, setAllow] = useState('');
  const [days, setDays] = useState('30');
  const [nameError, setNameError] = useState<string>();
  const [error, setError] = useState<string>();
  const [granted, setGranted] = useState<GatewayGrantAnswer>();
  const chosen = profileId || genesys[0]?.profile.id || '';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!CONSUMER_NAME_PATTERN.test(consumer)) {
      setNameError('Use 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit (for example billing-report).');
      return;
    }
    setNameError(undefined);
    const expiresInDays = Number(days);
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 366) {
      setError('Give the expiry as a whole number of days from 1 to 366.');
      return;
    }
    try {
      const rules = allow.split('\n').map((r) => r.trim()).filter(Boolean);
      setGranted(await unwrap(api.grantConsumerKey({ profileId: chosen, consumer, expiresInDays, ...(readOnly ? { readOnly } : {}), ...(rules.length ? { allow: rules } : {}) })));
      setConsumer('');
      setAllow('');
      onGranted();
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (genesys.length === 0) return <p className="muted">Add a Genesys Cloud profile first: consumer keys spend a Genesys Cloud profile's token.</p>;
  return (
    <section aria-labelledby="grant-title" className="panel grant">
      <h3 id="grant-title">Grant a key</h3>
      {granted ? <GrantedKey granted={granted} onDone={() => setGranted(undefined)} /> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="fields">
          <div className="field">
            <label htmlFor="grant-profile">Profile</label>
            <select id="grant-profile" value={chosen} onChange={(e) => setProfileId(e.target.value)}>
              {genesys.map((s) => <option key={s.profile.id} value={s.profile.id}>{s.profile.name}</option>)}
            </select>
          </div>
          <div className={`field${nameError ? ' invalid' : ''}`}>
            <label htmlFor="grant-consumer">Consumer name</label>
            <input id="grant-consumer" value={consumer} maxLength={64} autoComplete="off" onChange={(e) => setConsumer(e.target.value)} placeholder="billing-report"
              aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? 'grant-consumer-error' : 'grant-consumer-hint'} />
            {nameError ? <p className="error" id="grant-consumer-error">{nameError}</p> : <p className="hint" id="grant-consumer-hint">Who uses the key; shown in the list and the gateway's audit.</p>}
          </div>
          <div className="field">
            <label htmlFor="grant-days">Expires after (days)</label>
            <input id="grant-days" type="number" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} />
          </div>
          <div className="field wide">
            <label htmlFor="grant-allow">Allow rules (one per line)</label>
            <textarea id="grant-allow" rows={2} value={allow} onChange={(e) => setAllow(e.target.value)} placeholder="GET /api/v2/users/**" aria-describedby="grant-allow-hint" />
            <p className="hint" id="grant-allow-hint">Blank allows every API path the gateway forwards.</p>
          </div>
          <div className="field wide check">
            <label><input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> Read-only (GET and HEAD only)</label>
          </div>
        </div>
        {error ? <p className="error" role="alert" data-testid="grant-error">{error}</p> : null}
        <div className="actions"><button type="submit" className="primary">Grant key</button></div>
      </form>
    </section>
  );
}

function GrantedKey({ granted, onDone }: { granted: GatewayGrantAnswer; onDone: () => void }) {
  const canCopy = useCanCopy() && typeof navigator.clipboard?.writeText === 'function';
  const [copied, setCopied] = useState<string>();
  const copy = () => navigator.clipboard.writeText(granted.key).then(() => setCopied('Copied.'), () => setCopied('The clipboard refused; select the key and copy it by hand.'));
  return (
    <div className="granted" role="status" data-testid="granted-key">
      <p><strong>Key for {granted.consumer}</strong>: {canCopy ? 'copy it now; it is shown only once.' : 'it is shown only once: select it and store it where the consumer reads it.'}</p>
      <div className="inline-input">
        <input readOnly aria-label={`Key for ${granted.consumer}`} value={granted.key} className="mono" onFocus={(e) => e.currentTarget.select()} data-testid="granted-key-value" />
        {canCopy ? <button type="button" onClick={() => void copy()}>Copy</button> : null}
      </div>
      <p className="hint">Call <span className="mono">{granted.url}/api/v2/…</span> with <span className="mono">Authorization: Bearer &lt;key&gt;</span>.{copied ? ` ${copied}` : ''}</p>
      <button type="button" className="link" onClick={onDone}>I have stored it; hide the key</button>
    </div>
  );
}
