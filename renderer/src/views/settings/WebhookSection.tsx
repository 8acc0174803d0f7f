import { useState } from 'react';
import type { SettingsView as Settings } from '../../../../shared/dashboard-types';
import { api, unwrap } from '../../api/api';
import { clip, errorText } from '../../text';

export function WebhookSection({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [url, setUrl] = useState(settings.settings.webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string>();
  const save = async () => {
    try {
      onSaved(await unwrap(api.configureWebhook(url ? { url, ...(secret ? { secret } : {}) } : null)));
      setMessage(url ? 'Webhook saved.' : 'Webhook removed.');
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  const sendTest = async () => setMessage(clip((await unwrap(api.sendTestWebhook()).catch((e: unknown) => ({ message: errorText(e) }))).message, 400));
  const w = settings.webhook;
  return (
    <section aria-labelledby="webhook-title" className="panel">
      <h3 id="webhook-title">Identity-management webhook</h3>
      <p className="muted">Signed events (Standard Webhooks) for refreshes, sign-ins, sign-outs and scope drift.</p>
      <div className="field">
        <label htmlFor="webhook-url">URL</label>
        <input id="webhook-url" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} placeholder="https://idm.example.com/tokentray" aria-describedby="webhook-url-hint" />
        <p className="hint" id="webhook-url-hint">https only (http on loopback). Blank removes the webhook.</p>
      </div>
      <div className="field">
        <label htmlFor="webhook-secret">Signing secret</label>
        <input id="webhook-secret" type="password" value={secret} maxLength={500} onChange={(e) => setSecret(e.target.value)} autoComplete="off" aria-describedby="webhook-secret-hint" />
        <p className="hint" id="webhook-secret-hint">Blank keeps the stored one, or generates one (whsec_…).</p>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()}>Save webhook</button>
        <button type="button" onClick={() => void sendTest()}>Send test event</button>
      </div>
      <p aria-live="polite" className="message" data-testid="settings-message">{message ?? ''}</p>
      <p className="muted">{w.configured ? `${w.pending} pending, ${w.dropped} dropped${w.lastError ? `; last error: ${clip(w.lastError, 200)}` : ''}` : 'No webhook configured.'}</p>
    </section>
  );
}
