// One calm summary across every profile: how many need the user, each named as a link to its row.
// The reasons are on the rows (said once); the banner only counts and points.

import { TriangleAlert } from 'lucide-react';
import type { ProfileStatus } from '../../../shared/domain';
import { useCanCopy } from '../app-info';
import { diagnose } from '../status/diagnosis';
import { clip } from '../text';

export function AttentionBanner({ statuses, onOpen }: { statuses: ProfileStatus[]; onOpen: (id: string) => void }) {
  const canCopy = useCanCopy();
  const now = Date.now();
  const needing = statuses.filter((s) => diagnose(s, { now, canCopy }).needsAttention);
  if (needing.length === 0) return null;
  return (
    <section className="attention" aria-label="Profiles needing attention" data-testid="warning-banner">
      <TriangleAlert aria-hidden="true" size={18} className="attention-icon" />
      <p>
        <strong>{needing.length === 1 ? '1 profile needs attention' : `${needing.length} profiles need attention`}</strong>
        {': '}
        {needing.map((s, i) => (
          <span key={s.profile.id}>
            {i > 0 ? ', ' : ''}
            <button type="button" className="link" onClick={() => onOpen(s.profile.id)}>{clip(s.profile.name, 64)}</button>
          </span>
        ))}
      </p>
    </section>
  );
}
