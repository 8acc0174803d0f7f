import { Tabs } from 'radix-ui';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/dashboard-types';
import { api, unwrap } from './api/api';
import { useNotices, useStatuses } from './api/hooks';
import { AppInfoContext } from './app-info';
import { AttentionBanner } from './components/AttentionBanner';
import { DemoNote } from './components/DemoNote';
import { Notices } from './components/Notices';
import { clip } from './text';
import { Overview } from './views/overview/Overview';

// Views other than the overview load on first use: a smaller first script, a faster first paint.
const PasteInspector = lazy(() => import('./views/PasteInspector').then((m) => ({ default: m.PasteInspector })));
const AuditView = lazy(() => import('./views/AuditView').then((m) => ({ default: m.AuditView })));
const ConsumersView = lazy(() => import('./views/consumers/ConsumersView').then((m) => ({ default: m.ConsumersView })));
const SettingsView = lazy(() => import('./views/settings/SettingsView').then((m) => ({ default: m.SettingsView })));

type Tab = 'profiles' | 'inspector' | 'audit' | 'consumers' | 'settings';
const TABS: [Tab, string][] = [['profiles', 'Profiles'], ['inspector', 'Inspect a token'], ['audit', 'Audit log'], ['consumers', 'Consumers'], ['settings', 'Settings']];

export function App() {
  const { statuses, error } = useStatuses();
  const [tab, setTab] = useState<Tab>('profiles');
  const [selected, setSelected] = useState<string>();
  const [info, setInfo] = useState<AppInfo>();
  const [notices, dismiss] = useNotices();
  useEffect(() => void unwrap(api.getAppInfo()).then(setInfo, () => {}), []);
  const open = (id: string) => {
    setTab('profiles');
    setSelected(id);
  };

  return (
    <AppInfoContext.Provider value={info}>
        <Tabs.Root className="app" value={tab} onValueChange={(value) => { setTab(value as Tab); setSelected(undefined); }} activationMode="manual">
          <header className="top">
            <div className="brand">
              <h1>TokenTray</h1>
              {info?.profileSource === 'sandbox' ? <span className="tag">Sandbox</span> : null}
            </div>
            <Tabs.List aria-label="Sections" className="tabs">
              {TABS.map(([id, label]) => <Tabs.Trigger key={id} value={id}>{label}</Tabs.Trigger>)}
            </Tabs.List>
          </header>
          <DemoNote info={info} />
          <AttentionBanner statuses={statuses} onOpen={open} />
          <Notices notices={notices} statuses={statuses} dismiss={dismiss} />
          {error ? <p className="error" role="alert">{clip(error, 400)}</p> : null}
          <main>
            <Suspense fallback={<p className="muted">Loading…</p>}>
              <Tabs.Content value="profiles"><Overview statuses={statuses} selected={selected} onSelect={setSelected} onAdd={() => setTab('settings')} /></Tabs.Content>
              <Tabs.Content value="inspector">{tab === 'inspector' ? <PasteInspector statuses={statuses} /> : null}</Tabs.Content>
              <Tabs.Content value="audit">{tab === 'audit' ? <AuditView statuses={statuses} /> : null}</Tabs.Content>
              <Tabs.Content value="consumers">{tab === 'consumers' ? <ConsumersView statuses={statuses} /> : null}</Tabs.Content>
              <Tabs.Content value="settings">{tab === 'settings' ? <SettingsView statuses={statuses} /> : null}</Tabs.Content>
            </Suspense>
          </main>
        </Tabs.Root>
    </AppInfoContext.Provider>
  );
}
