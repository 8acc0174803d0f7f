// The profile list in Settings: edit in place, remove with a confirmation, then Undo for a while
// (the engine keeps the removed profile and its secrets in memory), and the Add form.

import { useState } from 'react';
import type { ProfileStatus } from '../../../../shared/domain';
import type { SettingsView as Settings } from '../../../../shared/dashboard-types';
import { api, unwrap } from '../../api/api';
import { clip, errorText } from '../../text';
import { ProfileForm } from './ProfileForm';

export function ProfilesSection({ settings, statuses }: { settings: Settings; statuses: ProfileStatus[] }) {
  const [editing, setEditing] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [removed, setRemoved] = useState<{ id: string; name: string }>();
  const [message, setMessage] = useState<string>();

  const remove = async (id: string, name: string) => {
    setConfirming(undefined);
    try {
      await unwrap(api.removeProfile({ profileId: id }));
      setRemoved({ id, name });
      setMessage(undefined);
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  const undo = async () => {
    if (!removed) return;
    try {
      await unwrap(api.restoreProfile({ profileId: removed.id }));
      setMessage(`Restored ${clip(removed.name, 64)}.`);
    } catch (e) {
      setMessage(errorText(e));
    }
    setRemoved(undefined);
  };

  return (
    <section aria-labelledby="profiles-section-title">
      <h3 id="profiles-section-title">Profiles</h3>
      {removed ? (
        <p className="notice" role="status" data-testid="undo">
          Removed {clip(removed.name, 64)} and its stored tokens. <button type="button" onClick={() => void undo()}>Undo</button>
        </p>
      ) : null}
      {message ? <p aria-live="polite" className="message">{message}</p> : null}
      <ul className="profile-list">
        {statuses.map((s) => (
          <li key={s.profile.id}>
            <div className="profile-row">
              <span className="name">{s.profile.name}</span>
              {s.profile.sandbox ? <span className="muted small">Sandbox: rebuilt every start, not editable</span> : (
                <span className="actions">
                  <button type="button" aria-expanded={editing === s.profile.id} onClick={() => setEditing(editing === s.profile.id ? undefined : s.profile.id)}>Edit</button>
                  <button type="button" className="danger" onClick={() => setConfirming(s.profile.id)}>Remove</button>
                </span>
              )}
            </div>
            {confirming === s.profile.id ? (
              <div className="confirm" role="alertdialog" aria-labelledby={`confirm-${s.profile.id}`}>
                <p id={`confirm-${s.profile.id}`}>Remove {s.profile.name}? Its stored tokens and secret are deleted; you can undo for 2 minutes.</p>
                <div className="actions">
                  <button type="button" className="danger" autoFocus onClick={() => void remove(s.profile.id, s.profile.name)}>Remove {clip(s.profile.name, 40)}</button>
                  <button type="button" onClick={() => setConfirming(undefined)}>Keep it</button>
                </div>
              </div>
            ) : null}
            {editing === s.profile.id ? <ProfileForm settings={settings} editing={s.profile} onDone={() => setEditing(undefined)} /> : null}
          </li>
        ))}
      </ul>
      <ProfileForm settings={settings} />
    </section>
  );
}
