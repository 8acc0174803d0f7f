// The raw audit entries behind one row, behind a disclosure (Radix Collapsible): event type and
// every detail field, one per line, wrapping at spaces rather than mid-word.

import { ChevronRight } from 'lucide-react';
import { Collapsible } from 'radix-ui';
import type { AuditEntry } from '../../../shared/domain';
import { localDateTime } from '../format';
import { clip } from '../text';

export function AuditDetails({ entries }: { entries: AuditEntry[] }) {
  return (
    <Collapsible.Root className="disclosure">
      <Collapsible.Trigger className="disclosure-trigger"><ChevronRight aria-hidden="true" size={14} className="chevron" />Details{entries.length > 1 ? ` (${entries.length} entries)` : ''}</Collapsible.Trigger>
      <Collapsible.Content className="disclosure-content">
        {entries.map((e, i) => (
          <dl key={`${e.at}-${i}`} className="facts">
            <div><dt>Event</dt><dd><code>{e.type}</code>{entries.length > 1 ? ` at ${localDateTime(Date.parse(e.at))}` : ''}</dd></div>
            {Object.entries(e.detail).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{clip(String(v), 300)}</dd></div>)}
          </dl>
        ))}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
