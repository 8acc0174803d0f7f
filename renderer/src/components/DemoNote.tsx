// Says what the demo profiles are when TokenTray runs on its built-in sandbox, and, after a restart
// with profiles of the user's own, why the demo profiles are gone. Dismissed for good per browser.

import { Info, X } from 'lucide-react';
import { useState } from 'react';
import type { AppInfo } from '../../../shared/dashboard-types';

const SEEN_DEMO = 'tokentray.sawDemo';
const DISMISSED = 'tokentray.demoNoteDismissed';

const read = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const write = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage disabled: the note simply shows again next time
  }
};

export function DemoNote({ info }: { info: AppInfo | undefined }) {
  const source = info?.profileSource;
  const [dismissed, setDismissed] = useState(() => read(DISMISSED) === source);
  if (!source || dismissed) return null;
  if (source === 'sandbox') write(SEEN_DEMO, '1');
  const afterDemo = source !== 'sandbox' && read(SEEN_DEMO) === '1';
  if (source !== 'sandbox' && !afterDemo) return null;
  const dismiss = () => {
    write(DISMISSED, source);
    setDismissed(true);
  };
  return (
    <section className="demo-note" aria-label="About the demo profiles" data-testid="demo-note">
      <Info aria-hidden="true" size={18} />
      <p>
        {source === 'sandbox'
          ? 'These three demo profiles talk to a sandbox built into TokenTray: no real org, and short-lived tokens so you can watch them renew. Try copying a token, or add your own profile under Settings; the demos step aside once you have one.'
          : 'The demo profiles are hidden because you now have profiles of your own. To try the demos again, start TokenTray with an empty data folder.'}
      </p>
      <button type="button" className="icon-button" aria-label="Dismiss the note about demo profiles" onClick={dismiss}><X aria-hidden="true" size={16} /></button>
    </section>
  );
}
