// The overview: every profile as one compact row; the selected profile's detail beside the list on
// wide windows and as its own page on narrow ones. Fixes that edit a profile open in a dialog.

import { lazy, Suspense, useCallback, useState } from 'react';
import type { ProfileStatus } from '../../../../shared/domain';
import { useMedia } from '../../use-media';
import { ProfileRow, type EditField } from './ProfileRow';

const ProfileDetail = lazy(() => import('../ProfileDetail').then((m) => ({ default: m.ProfileDetail })));
const EditProfileDialog = lazy(() => import('./EditProfileDialog').then((m) => ({ default: m.EditProfileDialog })));

export const WIDE_QUERY = '(min-width: 1000px)';

export function Overview({ statuses, selected, onSelect, onAdd }: {
  statuses: ProfileStatus[];
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  onAdd: () => void;
}) {
  const wide = useMedia(WIDE_QUERY);
  const [editing, setEditing] = useState<{ id: string; field: EditField }>();
  const onEdit = useCallback((id: string, field: EditField) => setEditing({ id, field }), []);
  const detail = statuses.find((s) => s.profile.id === selected);
  const editingProfile = statuses.find((s) => s.profile.id === editing?.id)?.profile;
  const back = () => {
    const id = selected;
    onSelect(undefined);
    // Back on the list, the row that was open has the focus again.
    if (id) requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`#row-${CSS.escape(id)} .row-title`)?.focus());
  };

  if (statuses.length === 0) {
    return (
      <div className="empty">
        <p>No profiles yet.</p>
        <button type="button" className="primary" onClick={onAdd}>Add a profile</button>
      </div>
    );
  }
  const pane = detail ? (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ProfileDetail key={detail.profile.id} status={detail} onBack={back} onEdit={(field) => onEdit(detail.profile.id, field)} />
    </Suspense>
  ) : null;
  return (
    <div className={`overview${wide && detail ? ' with-pane' : ''}`}>
      {!wide && detail ? pane : (
        <ul className="profile-rows" aria-label="Profiles">
          {statuses.map((s) => <ProfileRow key={s.profile.id} status={s} selected={s.profile.id === selected} onOpen={onSelect} onEdit={onEdit} />)}
        </ul>
      )}
      {wide && detail ? <aside className="pane" aria-label={`${detail.profile.name} details`}>{pane}</aside> : null}
      {editing && editingProfile ? (
        <Suspense fallback={null}>
          <EditProfileDialog profile={editingProfile} field={editing.field} onClose={() => setEditing(undefined)} />
        </Suspense>
      ) : null}
    </div>
  );
}
