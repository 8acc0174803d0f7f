// The fix for a profile's settings, opened from its row ("Enter client secret", "Edit region"):
// the profile form in a dialog (Radix Dialog: focus trapped, Escape closes, focus returns to the
// button), with the field at fault focused, so the user fixes it without leaving the overview.

import { X } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ProfileConfig } from '../../../../shared/domain';
import type { SettingsView } from '../../../../shared/dashboard-types';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../text';
import type { EditField } from './ProfileRow';

const ProfileForm = lazy(() => import('../settings/ProfileForm').then((m) => ({ default: m.ProfileForm })));

export function EditProfileDialog({ profile, field, onClose }: { profile: ProfileConfig; field: EditField; onClose: () => void }) {
  const [settings, setSettings] = useState<SettingsView>();
  const [error, setError] = useState<string>();
  // Opened by a row's button rather than a Dialog.Trigger: give the focus back to it on close.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  useEffect(() => {
    void unwrap(api.getSettings()).then(setSettings, (e: unknown) => setError(errorText(e)));
    const returnTo = opener.current;
    return () => void requestAnimationFrame(() => returnTo?.isConnected && returnTo.focus());
  }, []);
  return (
    <Dialog.Root open onOpenChange={(open) => { if (!open) onClose(); }}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <div className="dialog-head">
            <Dialog.Title>Fix {profile.name}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close"><X aria-hidden="true" size={16} /></Dialog.Close>
          </div>
          {error ? <p className="error" role="alert">{error}</p> : null}
          {settings ? (
            <Suspense fallback={<p className="muted">Loading…</p>}>
              <ProfileForm settings={settings} editing={profile} focusField={field} onDone={() => {
                // Saved as a fix: try it at once; the row's status line says how it went.
                void api.refreshNow({ profileId: profile.id });
                onClose();
              }} />
            </Suspense>
          ) : error ? null : <p className="muted">Loading…</p>}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
