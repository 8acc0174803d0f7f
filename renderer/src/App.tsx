import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/dashboard-types';
import { api, unwrap } from './api/api';
import { useNotices, useStatuses } from './api/hooks';
import { AppInfoContext } from './app-info';
import { WarningBanner } from './components/WarningBanner';
import { clip } from './text';
import { ProfilesView } from './views/ProfilesView';

// Views other than the card list load on first use: a smaller first script, a faster first paint.
const ProfileDetail = lazy(() => import('./views/ProfileDetail').then((m) => ({ default: m.ProfileDetail })));
const PasteInspector = lazy(() => import('./views/PasteInspector').then((m) => ({ default: m.PasteInspector })));
const AuditView = lazy(() => import('./views/AuditView').then((m) => ({ default: m.AuditView })));
const SettingsView = lazy(() => import('./views/settings/SettingsView').then((m) => ({ default: m.SettingsView })));

type Tab = 'profiles' | 'inspector' | 'audit' | 'settings';
const TABS: [Tab, string][] = [['profiles', 'Profiles'], ['inspector', 'Inspect a token'], ['audit', 'Audit log'], ['settings', 'Settings']];

export function App() {
  const { statuses, error } = useStatuses();
  const [tab, setTab] = useState<Tab>('profiles');
  const [selected, setSelected] = useState<string>();
  const [info, setInfo] = useState<AppInfo>();
  const [notices, dismiss] = useNotices();
  useEffect(() => void unwrap(api.getAppInfo()).then(setInfo, () => {}), []);
  const detail = statuses.find((s) => s.profile.id === selected);
  const open = (id: string) => { setTab('profiles'); setSelected(id); };

  return (
    <AppInfoContext.Provider value={info}>
      <div className="app">
        <header className="top">
          <div className="brand">
            <h1>TokenTray</h1>
            {info?.profileSource === 'sandbox' ? <span className="badge sandbox">Sandbox: demo identity provider, no real org</span> : null}
          </div>
          <nav aria-label="Sections" className="tabs">
            {TABS.map(([id, label]) => (
              <button key={id} type="button" aria-current={tab === id ? 'page' : undefined} onClick={() => { setTab(id); setSelected(undefined); }}>{label}</button>
            ))}
          </nav>
        </header>
        <WarningBanner statuses={statuses} onOpen={open} />
        <div aria-live="assertive" className="notices">
          {notices.map((n, i) => (
            <p key={i} className={n.level === 'warning' ? 'warning notice' : 'notice'}>
              <span><strong>{clip(n.title, 120)}</strong> {clip(n.message, 400)}</span>
              <button type="button" className="icon" onClick={() => dismiss(i)} aria-label={`Dismiss: ${clip(n.title, 60)}`}>×</button>
            </p>
          ))}
        </div>
        {error ? <p className="error" role="alert">{clip(error, 400)}</p> : null}
        <main>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            {tab === 'profiles' && detail ? <ProfileDetail key={detail.profile.id} status={detail} onBack={() => setSelected(undefined)} /> : null}
            {tab === 'profiles' && !detail ? <ProfilesView statuses={statuses} onOpen={setSelected} onAdd={() => setTab('settings')} /> : null}
            {tab === 'inspector' ? <PasteInspector statuses={statuses} /> : null}
            {tab === 'audit' ? <AuditView statuses={statuses} /> : null}
            {tab === 'settings' ? <SettingsView statuses={statuses} /> : null}
          </Suspense>
        </main>
      </div>
    </AppInfoContext.Provider>
  );
}
