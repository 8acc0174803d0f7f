import type { ProfileState } from '../../../shared/domain';
import { STATE_LABEL, STATE_TONE } from '../format';

/** The state in words, a glyph (drawn by CSS, silent for screen readers) and colour, so it reads without colour too. */
export function StateBadge({ state }: { state: ProfileState }) {
  return <span className={`badge tone-${STATE_TONE[state] ?? 'idle'}`} data-testid="state">{STATE_LABEL[state]}</span>;
}
