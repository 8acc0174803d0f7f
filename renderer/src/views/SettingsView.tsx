import { useEffect, useState, type ReactElement } from 'react';
import type { FieldProblem, ProfileStatus } from '../../../shared/domain';
import type { SettingsView as Settings } from '../../../shared/ipc';
import { api, unwrap } from '../api/api';

const EMPTY = { name: '', provider: 'genesys', region: 'us_east_1', issuer: '', grant: 'authorization_code', clientId: '', clientSecret: '', refreshToken: '', requiredScopes: '' };

export function ProfileForm({ settings }: { settings: Settings }) {
  const [form, setForm] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string>();
  const set = (field: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });
  const problemFor = (field: string) => problems.find((p) => p.field === field);
  const field = (name: keyof typeof EMPTY, label: string, input: ReactElement) => (
    <div className={`field ${problemFor(name) ? 'invalid' : ''}`}>
      <label htmlFor={`pf-${name}`}>{label}</label>
      {input}
      {problemFor(name) ? <p className="error" id={`pf-${name}-error`} role="alert">{problemFor(name)!.message}</p> : null}
    </div>
  );
  const submit = async (event: { preventDefault(): void }) => {
    event.preventDefault();
    const input: Record<string, string> = { ...form };
    if (form.provider === 'genesys') delete input.issuer;
    else delete input.region;
    const result = await unwrap(api.addProfile(input)).catch((e: Error) => ({ ok: false as const, problems: [{ profile: form.name, field: 'form', value: '', message: e.message }] }));
    if (result.ok) {
      setProblems([]);
      setForm(EMPTY);
      setMessage(`Added ${result.profile.name}.`);
    } else {
      setProblems(result.problems);
      setMessage(undefined);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="add-profile" noValidate>
      <h3 id="add-profile">Add a profile</h3>
      {field('name', 'Name', <input id="pf-name" value={form.name} onChange={set('name')} />)}
      {field('provider', 'Provider', (
        <select id="pf-provider" value={form.provider} onChange={set('provider')}>
          <option value="genesys">Genesys Cloud</option>
          <option value="oidc">OpenID Connect</option>
        </select>
      ))}
      {form.provider === 'genesys'
        ? field('region', 'Region', (
          <select id="pf-region" value={form.region} onChange={set('region')}>
            {settings.regions.map((r) => <option key={r.key} value={r.key}>{r.label} — {r.domain}</option>)}
          </select>
        ))
        : field('issuer', 'Issuer URL', <input id="pf-issuer" value={form.issuer} onChange={set('issuer')} placeholder="https://idp.example.com/realms/main" />)}
      {field('grant', 'Grant', (
        <select id="pf-grant" value={form.grant} onChange={set('grant')}>
          <option value="authorization_code">Authorization code (confidential client)</option>
          <option value="client_credentials">Client credentials</option>
          <option value="pkce">PKCE (public client)</option>
        </select>
      ))}
      {field('clientId', 'Client id', <input id="pf-clientId" value={form.clientId} onChange={set('clientId')} autoComplete="off" />)}
      {form.grant !== 'pkce' ? field('clientSecret', 'Client secret', <input id="pf-clientSecret" type="password" value={form.clientSecret} onChange={set('clientSecret')} autoComplete="off" />) : null}
      {form.grant === 'authorization_code' ? field('refreshToken', 'Refresh token (optional, if you already hold one)', <input id="pf-refreshToken" type="password" value={form.refreshToken} onChange={set('refreshToken')} autoComplete="off" />) : null}
      {field('requiredScopes', 'Required scopes (space separated)', <input id="pf-requiredScopes" value={form.requiredScopes} onChange={set('requiredScopes')} placeholder="users:readonly conversations" />)}
      {problemFor('form') ? <p className="error" role="alert">{problemFor('form')!.message}</p> : null}
      <button type="submit">Add profile</button>
      <p aria-live="polite">{message ?? ''}</p>
    </form>
  );
}

export function SettingsView({ statuses }: { statuses: ProfileStatus[] }) {
  const [settings, setSettings] = useState<Settings>();
  const [webhookUrl, setWebhookUrl] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    void unwrap(api.getSettings()).then((s) => {
      setSettings(s);
      setWebhookUrl(s.settings.webhookUrl ?? '');
    });
  }, []);
  if (!settings) return <p>Loading settings…</p>;
  const apply = async (call: Promise<Settings>, done: string) => {
    try {
      setSettings(await call);
      setMessage(done);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h2 id="settings-title">Settings</h2>
      <p className={settings.storage.strong && settings.storage.persistent ? 'muted' : 'warning'} data-testid="storage">{settings.storage.message}</p>
      {!settings.storage.strong ? (
        <label className="inline">
          <input type="checkbox" checked={settings.settings.persistSecretsWithWeakProtection}
            onChange={(e) => apply(unwrap(api.updateSettings({ persistSecretsWithWeakProtection: e.target.checked })), 'Saved.')} />
          Store secrets with weak protection
        </label>
      ) : null}

      <h3>Refresh and clipboard</h3>
      <div className="row">
        <label htmlFor="clip-delay">Clear the clipboard after (seconds, 0 = never)</label>
        <input id="clip-delay" type="number" min={0} max={3600} defaultValue={settings.settings.clipboardClearSec}
          onBlur={(e) => apply(unwrap(api.updateSettings({ clipboardClearSec: Number(e.target.value) })), 'Saved.')} />
        <label className="inline">
          <input type="checkbox" checked={settings.settings.autoRefreshPaused}
            onChange={(e) => apply(unwrap(api.updateSettings({ autoRefreshPaused: e.target.checked })), e.target.checked ? 'Auto-refresh paused.' : 'Auto-refresh resumed.')} />
          Pause auto-refresh
        </label>
      </div>
      <p className="muted">Tokens renew at {Math.round(settings.settings.refreshFraction * 100)} % of their lifetime, at most {Math.round(settings.settings.refreshMaxLeadSec / 60)} min before expiry.</p>

      <h3>Identity-management webhook</h3>
      <div className="row">
        <label htmlFor="webhook-url">URL</label>
        <input id="webhook-url" value={webhookUrl} onChange={(e) => setWebhookUrl(e.target.value)} placeholder="https://idm.example.com/tokentray" />
        <label htmlFor="webhook-secret">Signing secret (blank: keep or generate)</label>
        <input id="webhook-secret" type="password" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} autoComplete="off" />
        <button type="button" onClick={() => apply(unwrap(api.configureWebhook(webhookUrl ? { url: webhookUrl, ...(webhookSecret ? { secret: webhookSecret } : {}) } : null)), 'Webhook saved.')}>Save webhook</button>
        <button type="button" onClick={async () => setMessage((await unwrap(api.sendTestWebhook()).catch((e: Error) => ({ message: e.message }))).message)}>Send test event</button>
      </div>
      <p className="muted">{settings.webhook.configured ? `${settings.webhook.pending} pending, ${settings.webhook.dropped} dropped${settings.webhook.lastError ? `; last error: ${settings.webhook.lastError}` : ''}` : 'No webhook configured.'}</p>
      <p aria-live="polite" data-testid="settings-message">{message ?? ''}</p>

      <h3>Profiles</h3>
      <ul>
        {statuses.map((s) => (
          <li key={s.profile.id}>
            {s.profile.name} {s.profile.sandbox ? <span className="muted">(sandbox)</span> : (
              <button type="button" className="link" onClick={() => void unwrap(api.removeProfile({ profileId: s.profile.id })).then(() => setMessage(`Removed ${s.profile.name}.`), (e: Error) => setMessage(e.message))}>Remove</button>
            )}
          </li>
        ))}
      </ul>
      <ProfileForm settings={settings} />
    </section>
  );
}
