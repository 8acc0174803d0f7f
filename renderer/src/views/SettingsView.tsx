import { useEffect, useState, type ReactElement } from 'react';
import type { FieldProblem, ProfileConfig, ProfileStatus } from '../../../shared/domain';
import type { SettingsView as Settings } from '../../../shared/ipc';
import { api, unwrap } from '../api/api';

const EMPTY = { name: '', provider: 'genesys', region: 'us_east_1', loginBaseUrl: '', apiBaseUrl: '', issuer: '', audience: '', grant: 'authorization_code', clientId: '', clientSecret: '', refreshToken: '', requiredScopes: '', redirectUri: '' };
type FormValues = typeof EMPTY;

function valuesOf(profile: ProfileConfig): FormValues {
  const p = profile.provider;
  return {
    ...EMPTY,
    name: profile.name,
    provider: p.kind,
    region: p.kind === 'genesys' ? p.domain : EMPTY.region,
    loginBaseUrl: p.kind === 'genesys' ? p.loginBaseUrl ?? '' : '',
    apiBaseUrl: p.kind === 'genesys' ? p.apiBaseUrl ?? '' : '',
    issuer: p.kind === 'oidc' ? p.issuer : '',
    audience: p.kind === 'oidc' ? p.audience ?? '' : '',
    grant: profile.grant,
    clientId: profile.clientId,
    requiredScopes: profile.requiredScopes.join(' '),
    redirectUri: profile.redirectUri ?? '',
  };
}

/** Add a profile, or edit one (secrets left blank keep what the vault holds). */
export function ProfileForm({ settings, editing, onDone }: { settings: Settings; editing?: ProfileConfig; onDone?: () => void }) {
  const [form, setForm] = useState<FormValues>(editing ? valuesOf(editing) : EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string>();
  const set = (field: keyof FormValues) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });
  const problemFor = (field: string) => problems.find((p) => p.field === field);
  const prefix = editing ? `pe-${editing.id}` : 'pf';
  const field = (name: keyof FormValues, label: string, input: ReactElement) => (
    <div className={`field ${problemFor(name) ? 'invalid' : ''}`}>
      <label htmlFor={`${prefix}-${name}`}>{label}</label>
      {input}
      {problemFor(name) ? <p className="error" id={`${prefix}-${name}-error`} role="alert">{problemFor(name)!.message}</p> : null}
    </div>
  );
  const text = (name: keyof FormValues, extra: { type?: string; placeholder?: string } = {}) => (
    <input id={`${prefix}-${name}`} value={form[name]} onChange={set(name)} autoComplete="off" aria-invalid={Boolean(problemFor(name))} {...extra} />
  );
  const submit = async (event: { preventDefault(): void }) => {
    event.preventDefault();
    const input: Record<string, string> = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== ''));
    if (form.provider === 'genesys') { delete input.issuer; delete input.audience; } else { delete input.region; delete input.loginBaseUrl; delete input.apiBaseUrl; }
    const call = editing ? api.updateProfile({ profileId: editing.id, input }) : api.addProfile(input);
    const result = await unwrap(call).catch((e: Error) => ({ ok: false as const, problems: [{ profile: form.name, field: 'form', value: '', message: e.message }] }));
    if (result.ok) {
      setProblems([]);
      if (!editing) setForm(EMPTY);
      setMessage(editing ? `Saved ${result.profile.name}.` : `Added ${result.profile.name}.`);
      onDone?.();
    } else {
      setProblems(result.problems);
      setMessage(undefined);
    }
  };
  const heading = editing ? `Edit ${editing.name}` : 'Add a profile';
  return (
    <form onSubmit={submit} aria-label={heading} noValidate>
      <h3>{heading}</h3>
      {field('name', 'Name', text('name'))}
      {field('provider', 'Provider', (
        <select id={`${prefix}-provider`} value={form.provider} onChange={set('provider')}>
          <option value="genesys">Genesys Cloud</option>
          <option value="oidc">OpenID Connect</option>
        </select>
      ))}
      {form.provider === 'genesys' ? (
        <>
          {field('region', 'Region', (
            <select id={`${prefix}-region`} value={settings.regions.find((r) => r.domain === form.region || r.key === form.region)?.key ?? form.region} onChange={set('region')}>
              {settings.regions.map((r) => <option key={r.key} value={r.key}>{r.label} — {r.domain}</option>)}
            </select>
          ))}
          {field('loginBaseUrl', 'Login base URL override (gateway, optional)', text('loginBaseUrl', { placeholder: 'https://login.<domain>' }))}
          {field('apiBaseUrl', 'API base URL override (gateway, optional)', text('apiBaseUrl', { placeholder: 'https://api.<domain>' }))}
        </>
      ) : (
        <>
          {field('issuer', 'Issuer URL', text('issuer', { placeholder: 'https://idp.example.com/realms/main' }))}
          {field('audience', 'Expected audience (optional; default: the client id)', text('audience'))}
        </>
      )}
      {field('grant', 'Grant', (
        <select id={`${prefix}-grant`} value={form.grant} onChange={set('grant')}>
          <option value="authorization_code">Authorization code (confidential client)</option>
          <option value="client_credentials">Client credentials</option>
          <option value="pkce">PKCE (public client)</option>
        </select>
      ))}
      {field('clientId', 'Client id', text('clientId'))}
      {form.grant !== 'pkce' ? field('clientSecret', editing ? 'Client secret (blank keeps the stored one)' : 'Client secret', text('clientSecret', { type: 'password' })) : null}
      {form.grant === 'authorization_code' && !editing ? field('refreshToken', 'Refresh token (optional, if you already hold one)', text('refreshToken', { type: 'password' })) : null}
      {field('requiredScopes', 'Required scopes (space separated)', text('requiredScopes', { placeholder: 'users:readonly conversations' }))}
      {form.grant !== 'client_credentials' ? field('redirectUri', 'Redirect URI registered on the OAuth client (optional; default http://127.0.0.1:8765/oauth/callback)', text('redirectUri', { placeholder: 'http://127.0.0.1:8765/oauth/callback' })) : null}
      {problemFor('form') ? <p className="error" role="alert">{problemFor('form')!.message}</p> : null}
      <button type="submit">{editing ? 'Save profile' : 'Add profile'}</button>
      <p aria-live="polite">{message ?? ''}</p>
    </form>
  );
}

export function SettingsView({ statuses }: { statuses: ProfileStatus[] }) {
  const [settings, setSettings] = useState<Settings>();
  const [webhookUrl, setWebhookUrl] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [message, setMessage] = useState<string>();
  const [editing, setEditing] = useState<string>();
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
      <div className="row">
        <label htmlFor="refresh-fraction">Renew at this share of the lifetime (0.5–0.95)</label>
        <input id="refresh-fraction" type="number" step={0.05} min={0.5} max={0.95} defaultValue={settings.settings.refreshFraction}
          onBlur={(e) => apply(unwrap(api.updateSettings({ refreshFraction: Number(e.target.value) })), 'Saved.')} />
        <label htmlFor="refresh-lead">but at most this many seconds before expiry (30–3600)</label>
        <input id="refresh-lead" type="number" min={30} max={3600} defaultValue={settings.settings.refreshMaxLeadSec}
          onBlur={(e) => apply(unwrap(api.updateSettings({ refreshMaxLeadSec: Number(e.target.value) })), 'Saved.')} />
      </div>

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
            {s.profile.name} {s.profile.sandbox ? <span className="muted">(sandbox: rebuilt every start, not editable)</span> : (
              <>
                <button type="button" className="link" onClick={() => setEditing(editing === s.profile.id ? undefined : s.profile.id)}>Edit</button>{' '}
                <button type="button" className="link" onClick={() => void unwrap(api.removeProfile({ profileId: s.profile.id })).then(() => setMessage(`Removed ${s.profile.name}.`), (e: Error) => setMessage(e.message))}>Remove</button>
              </>
            )}
            {editing === s.profile.id ? <ProfileForm settings={settings} editing={s.profile} onDone={() => setEditing(undefined)} /> : null}
          </li>
        ))}
      </ul>
      <ProfileForm settings={settings} />
    </section>
  );
}
