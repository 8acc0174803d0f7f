// Trouble ahead, across every profile: a token or idle deadline running out while refreshing keeps
// failing, or a Genesys session that cannot be renewed. Shown before it happens, on every view.

import type { ProfileStatus } from '../../../shared/domain';
import { clip } from '../text';

export function WarningBanner({ statuses, onOpen }: { statuses: ProfileStatus[]; onOpen: (id: string) => void }) {
  const items = statuses.flatMap((s) => (s.warnings ?? []).map((w) => ({ status: s, warning: w })));
  if (items.length === 0) return null;
  return (
    <section className="banner" aria-label="Warnings" data-testid="warning-banner">
      {items.map(({ status, warning }) => (
        <p key={`${status.profile.id}-${warning.code}`}>
          <span aria-hidden="true" className="glyph">▲</span>
          <button type="button" className="link" onClick={() => onOpen(status.profile.id)}>{clip(status.profile.name, 64)}</button>: {warning.message}
        </p>
      ))}
    </section>
  );
}
