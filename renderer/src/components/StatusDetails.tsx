// The long story behind a status line, behind a disclosure: the engine's sentence, the server's
// words, attempts and the next try. Closed by default, so a failing profile reads as one line.

import { ChevronRight } from 'lucide-react';
import { Collapsible } from 'radix-ui';
import type { ProfileStatus } from '../../../shared/domain';
import { useNow } from '../clock';
import { relativeTime } from '../format';
import type { Diagnosis } from '../status/diagnosis';
import { clip } from '../text';

export function StatusDetails({ status, diagnosis, defaultOpen = false }: { status: ProfileStatus; diagnosis: Diagnosis; defaultOpen?: boolean }) {
  if (diagnosis.details.length === 0) return null;
  return (
    <Collapsible.Root className="disclosure" defaultOpen={defaultOpen}>
      <Collapsible.Trigger className="disclosure-trigger">
        <ChevronRight aria-hidden="true" size={14} className="chevron" />
        Details
      </Collapsible.Trigger>
      <Collapsible.Content className="disclosure-content">
        <dl className="facts" data-testid="status-details">
          {diagnosis.details.map((d) => <div key={d.label}><dt>{d.label}</dt><dd>{clip(d.value, 400)}</dd></div>)}
          {status.retry ? <NextTry at={status.retry.nextAttemptAt} /> : null}
        </dl>
      </Collapsible.Content>
    </Collapsible.Root>
  );
}

function NextTry({ at }: { at: number }) {
  const now = useNow();
  return <div><dt>Next try</dt><dd>{at > now ? relativeTime(at, now) : 'now'}</dd></div>;
}
