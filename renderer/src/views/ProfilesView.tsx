import type { ProfileStatus } from '../../../shared/domain';
import { ProfileCard } from './ProfileCard';

export function ProfilesView({ statuses, onOpen, onAdd }: { statuses: ProfileStatus[]; onOpen: (id: string) => void; onAdd: () => void }) {
  if (statuses.length === 0) {
    return (
      <div className="empty">
        <p>No profiles yet.</p>
        <button type="button" onClick={onAdd}>Add a profile</button>
      </div>
    );
  }
  return (
    <section aria-label="Profiles" className="cards">
      {statuses.map((s) => <ProfileCard key={s.profile.id} status={s} onOpen={onOpen} />)}
    </section>
  );
}
