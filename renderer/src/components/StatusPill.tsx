// A profile's state as a pill: an icon, words and colour together (never colour alone).

import { CircleCheck, CircleX, LoaderCircle, TriangleAlert } from 'lucide-react';
import type { Tone } from '../status/diagnosis';

const ICON = { ok: CircleCheck, warn: TriangleAlert, bad: CircleX, busy: LoaderCircle } as const;

export function StatusPill({ tone, label }: { tone: Tone; label: string }) {
  const Icon = ICON[tone];
  return (
    <span className={`pill tone-${tone}`} data-testid="state">
      <Icon aria-hidden="true" size={14} strokeWidth={2.25} className={tone === 'busy' ? 'spin' : undefined} />
      {label}
    </span>
  );
}
