// Add a profile, or edit one (secrets left blank keep what the vault holds). Shows only the fields
// the chosen provider and grant use; every error the engine returns is shown, next to its field or,
// for a field not on screen, above the buttons. "Test connection" proves the input before saving.

import { useEffect, useState, type ReactNode } from 'react';
import type { FieldProblem, ProfileConfig } from '../../../../shared/domain';
import type { ConnectionTest, SettingsView as Settings } from '../../../../shared/dashboard-types';
import { api, unwrap } from '../../api/api';
import { errorText, fieldMessage } from '../../text';
import { change, EMPTY, inputOf, LIMITS, valuesOf, visibleFields, type FieldName, type FormValues } from './profile-form-model';

const LABELS: Record<FieldName, string> = {
  name: 'Name', provider: 'Provider', region: 'Region', loginBaseUrl: 'Login base URL (corporate gateway, optional)',
  apiBaseUrl: 'API base URL (corporate gateway, optional)', issuer: 'Issuer URL', audience: 'Expected audience (optional)',
  grant: 'Grant', clientId: 'Client id', clientSecret: 'Client secret', refreshToken: 'Refresh token (optional)',
  requiredScopes: 'Required scopes', redirectUri: 'Redirect URI (optional)',
};
const HINTS: Partial<Record<FieldName, string>> = {
  name: 'Shown everywhere. Up to 64 characters.',
  audience: 'Default: the client id.',
  refreshToken: 'Only if you already hold one; otherwise sign in after saving.',
  requiredScopes: 'Space separated, e.g. users:readonly conversations.',
  redirectUri: 'Must equal one registered on the OAuth client. Default http://127.0.0.1:8765/oauth/callback.',
};
const PLACEHOLDERS: Partial<Record<FieldName, string>> = {
  loginBaseUrl: 'https://login.<domain>', apiBaseUrl: 'https://api.<domain>', issuer: 'https://idp.example.com/realms/main',
  requiredScopes: 'users:readonly conversations', redirectUri: 'http://127.0.0.1:8765/oauth/callback',
};

export function ProfileForm({ settings, editing, onDone, focusField }: { settings: Settings; editing?: ProfileConfig; onDone?: (profile: ProfileConfig) => void; focusField?: FieldName }) {
  const [form, setForm] = useState<FormValues>(editing ? valuesOf(editing) : EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string>();
  const [test, setTest] = useState<ConnectionTest>();
  const [busy, setBusy] = useState(false);
  const isEdit = Boolean(editing);
  const prefix = editing ? `pe-${editing.id}` : 'pf';
  // Opened as a fix ("Enter client secret"): the field at fault has the focus, ready to type.
  useEffect(() => {
    if (focusField) document.getElementById(`${prefix}-${focusField}`)?.focus();
  }, [focusField, prefix]);
  const visible = visibleFields(form, isEdit);
  const problemFor = (field: string) => problems.find((p) => p.field === field);
  const elsewhere = problems.filter((p) => !visible.includes(p.field as FieldName));
  const set = (field: FieldName) => (e: { target: { value: string } }) => setForm(change(form, field, e.target.value, isEdit));

  const hint = (name: FieldName) => (name === 'clientSecret' && isEdit ? (focusField === 'clientSecret' ? 'Stored only in the encrypted vault.' : 'Blank keeps the stored secret.') : HINTS[name]);
  const describedBy = (name: FieldName) => [hint(name) ? `${prefix}-${name}-hint` : '', problemFor(name) ? `${prefix}-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const text = (name: FieldName, type = 'text') => (
    <input id={`${prefix}-${name}`} type={type} value={form[name]} onChange={set(name)} autoComplete="off" spellCheck={false}
      maxLength={LIMITS[name]} placeholder={PLACEHOLDERS[name]} aria-invalid={Boolean(problemFor(name))} aria-describedby={describedBy(name)} />
  );
  const control: Record<FieldName, () => ReactNode> = {
    name: () => text('name'),
    provider: () => (
      <select id={`${prefix}-provider`} value={form.provider} onChange={set('provider')}>
        <option value="genesys">Genesys Cloud</option>
        <option value="oidc">OpenID Connect</option>
      </select>
    ),
    region: () => (
      <select id={`${prefix}-region`} value={settings.regions.find((r) => r.domain === form.region || r.key === form.region)?.key ?? form.region} onChange={set('region')}>
        {settings.regions.map((r) => <option key={r.key} value={r.key}>{r.domain} — {r.label}</option>)}
      </select>
    ),
    loginBaseUrl: () => text('loginBaseUrl'), apiBaseUrl: () => text('apiBaseUrl'), issuer: () => text('issuer'), audience: () => text('audience'),
    grant: () => (
      <select id={`${prefix}-grant`} value={form.grant} onChange={set('grant')}>
        <option value="authorization_code">Authorization code (confidential client)</option>
        <option value="client_credentials">Client credentials (service)</option>
        <option value="pkce">PKCE (public client, no secret)</option>
      </select>
    ),
    clientId: () => text('clientId'), clientSecret: () => text('clientSecret', 'password'), refreshToken: () => text('refreshToken', 'password'),
    requiredScopes: () => text('requiredScopes'), redirectUri: () => text('redirectUri'),
  };

  const call = async (what: 'test' | 'save') => {
    setBusy(true);
    setMessage(undefined);
    const input = inputOf(form, isEdit);
    try {
      if (what === 'test') {
        const result = await unwrap(api.testProfile({ ...(editing ? { profileId: editing.id } : {}), input }));
        setTest(result);
        setProblems(result.ok ? [] : result.problems);
        return;
      }
      const result = await unwrap(editing ? api.updateProfile({ profileId: editing.id, input }) : api.addProfile(input));
      if (!result.ok) {
        setProblems(result.problems);
        return;
      }
      setProblems([]);
      setTest(undefined);
      if (!editing) setForm(EMPTY);
      setMessage(editing ? `Saved ${result.profile.name}.` : `Added ${result.profile.name}.`);
      onDone?.(result.profile);
    } catch (e) {
      setProblems([{ profile: form.name, field: 'form', value: '', message: errorText(e) }]);
    } finally {
      setBusy(false);
    }
  };

  const heading = editing ? `Edit ${editing.name}` : 'Add a profile';
  // Opened as the fix for a refused secret, the secret field asks for the current one.
  const secretLabel = focusField === 'clientSecret' ? 'Client secret (the stored one was refused: paste the current one)' : 'Client secret (blank keeps the stored one)';
  return (
    <form className="profile-form" onSubmit={(e) => { e.preventDefault(); void call('save'); }} aria-label={heading} noValidate>
      {focusField ? null : <h3>{heading}</h3>}
      <div className="fields">
        {visible.map((name) => (
          <div key={name} className={`field ${problemFor(name) ? 'invalid' : ''} ${name === 'name' || name === 'issuer' || name === 'redirectUri' || name === 'requiredScopes' ? 'wide' : ''}`}>
            <label htmlFor={`${prefix}-${name}`}>{name === 'clientSecret' && isEdit ? secretLabel : LABELS[name]}</label>
            {control[name]()}
            {hint(name) ? <p className="hint" id={`${prefix}-${name}-hint`}>{hint(name)}</p> : null}
            {problemFor(name) ? <p className="error" id={`${prefix}-${name}-error`}>{fieldMessage(problemFor(name)!.message, name)}</p> : null}
          </div>
        ))}
      </div>
      {elsewhere.length > 0 ? (
        <div className="error form-errors" role="alert" data-testid="form-errors">
          {elsewhere.map((p, i) => <p key={i}>{p.field !== 'form' && LABELS[p.field as FieldName] ? `${LABELS[p.field as FieldName]}: ` : ''}{fieldMessage(p.message, p.field)}</p>)}
        </div>
      ) : null}
      {problems.length > 0 && elsewhere.length === 0 ? <p className="error" role="alert">Fix the {problems.length === 1 ? 'field' : `${problems.length} fields`} marked above.</p> : null}
      {test?.ok ? (
        <div className="test-result" role="status" data-testid="test-result">
          <p>{test.message}</p>
          {test.scopes.length ? <ul className="scope-chips" aria-label="Granted scopes">{test.scopes.map((s) => <li key={s} className="chip granted">{s}</li>)}</ul> : null}
        </div>
      ) : null}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void call('test')}>Test connection</button>
        <button type="submit" className="primary" disabled={busy}>{editing ? 'Save profile' : 'Add profile'}</button>
      </div>
      <p aria-live="polite" className="message">{message ?? ''}</p>
    </form>
  );
}
