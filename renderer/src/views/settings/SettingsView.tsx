// Settings in clear sections (profiles, refresh, clipboard, webhook, storage) instead of one long page.

import { useEffect, useState } from 'react';
import type { EngineSettings, ProfileStatus } from '../../../../shared/domain';
import type { SettingsView as Settings } from '../../../../shared/dashboard-types';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../text';
import { NumberSetting } from './NumberSetting';
import { ProfilesSection } from './ProfilesSection';
import { WebhookSection } from './WebhookSection';

export type SettingsSection = 'profiles' | 'refresh' | 'clipboard' | 'webhook' | 'storage';
const SECTIONS: [SettingsSection, string][] = [['profiles', 'Profiles'], ['refresh', 'Refresh'], ['clipboard', 'Clipboard'], ['webhook', 'Webhook'], ['storage', 'Storage']];

export function SettingsView({ statuses, initial = 'profiles' }: { statuses: ProfileStatus[]; initial?: SettingsSection }) {
  const [settings, setSettings] = useState<Settings>();
  const [section, setSection] = useState<SettingsSection>(initial);
  const [error, setError] = useState<string>();
  useEffect(() => void unwrap(api.getSettings()).then(setSettings, (e: unknown) => setError(errorText(e))), []);
  if (!settings) return error ? <p className="error" role="alert">{error}</p> : <p>Loading settings…</p>;
  const save = async (patch: Partial<EngineSettings>) => setSettings(await unwrap(api.updateSettings(patch)));
  const toggle = (key: 'autoRefreshPaused' | 'persistSecretsWithWeakProtection') => (e: { target: { checked: boolean } }) => {
    save({ [key]: e.target.checked }).then(() => setError(undefined), (err: unknown) => setError(errorText(err)));
  };
  const s = settings.settings;
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h2 id="settings-title">Settings</h2>
      <nav aria-label="Settings sections" className="subnav">
        {SECTIONS.map(([id, label]) => (
          <button key={id} type="button" aria-current={section === id ? 'page' : undefined} onClick={() => setSection(id)}>{label}</button>
        ))}
      </nav>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {section === 'profiles' ? <ProfilesSection settings={settings} statuses={statuses} /> : null}
      {section === 'refresh' ? (
        <section aria-labelledby="refresh-title" className="panel">
          <h3 id="refresh-title">Refresh</h3>
          <label className="inline">
            <input type="checkbox" checked={s.autoRefreshPaused} onChange={toggle('autoRefreshPaused')} />
            Pause auto-refresh
          </label>
          <NumberSetting id="refresh-fraction" label="Renew at this share of the lifetime" hint="Between 0.5 and 0.95, e.g. 0.8." settingKey="refreshFraction" saved={s.refreshFraction} save={save} />
          <NumberSetting id="refresh-lead" label="…but at most this many seconds before expiry" hint="Whole seconds from 30 to 3600." settingKey="refreshMaxLeadSec" saved={s.refreshMaxLeadSec} save={save} />
          <NumberSetting id="warn-before" label="Warn this many minutes before a token runs out while refreshing fails" hint="Whole minutes from 1 to 120; a banner and a notification say so." settingKey="warnBeforeMin" saved={s.warnBeforeMin} save={save} />
        </section>
      ) : null}
      {section === 'clipboard' ? (
        <section aria-labelledby="clipboard-title" className="panel">
          <h3 id="clipboard-title">Clipboard</h3>
          <NumberSetting id="clip-delay" label="Clear the clipboard after (seconds)" hint="Whole seconds from 0 (never) to 3600; cleared only if it still holds the token." settingKey="clipboardClearSec" saved={s.clipboardClearSec} save={save} />
        </section>
      ) : null}
      {section === 'webhook' ? <WebhookSection settings={settings} onSaved={setSettings} /> : null}
      {section === 'storage' ? (
        <section aria-labelledby="storage-title" className="panel">
          <h3 id="storage-title">Storage</h3>
          <p className={settings.storage.strong && settings.storage.persistent ? '' : 'warning'} data-testid="storage">{settings.storage.message}</p>
          {!settings.storage.strong ? (
            <label className="inline">
              <input type="checkbox" checked={s.persistSecretsWithWeakProtection} onChange={toggle('persistSecretsWithWeakProtection')} />
              Store secrets with weak protection
            </label>
          ) : null}
          <p className="muted">Backend: <code>{settings.storage.backend}</code></p>
        </section>
      ) : null}
    </section>
  );
}
