// Every consumer key: who, which profile, what it may call, when it was last used, its requests per
// minute, the 401s and 429s it met upstream, its expiry, and Revoke. One card per key, so the list
// reads the same at 1280 and 400 px.

import type { GatewayConsumerView } from '../../../../shared/agent-protocol';
import { useNow } from '../../clock';
import { relativeTime } from '../../format';
import { RevokeButton } from './RevokeDialog';

export function ConsumerList({ consumers, profileName, onChanged }: { consumers: GatewayConsumerView[]; profileName: (id: string) => string; onChanged: () => void }) {
  const now = useNow();
  if (consumers.length === 0) return <p className="muted">No consumer keys yet. Grant one below; the gateway starts listening with the first key.</p>;
  return (
    <ul className="consumer-list" aria-label="Consumer keys">
      {consumers.map((c) => (
        <li key={c.consumer} className={`consumer${c.expired ? ' expired' : ''}`} data-testid={`consumer-${c.consumer}`}>
          <div className="consumer-head">
            <h3>{c.consumer}</h3>
            {c.readOnly ? <span className="badge">Read-only</span> : null}
            {c.temporary ? <span className="badge">For one command</span> : null}
            <RevokeButton consumer={c.consumer} onRevoked={onChanged} />
          </div>
          <dl className="consumer-facts">
            <div><dt>Profile</dt><dd>{profileName(c.profile)}</dd></div>
            <div><dt>Allowed</dt><dd>{c.allow.length ? c.allow.join(', ') : 'Every API path'}</dd></div>
            <div><dt>Last use</dt><dd>{c.lastUsedAt ? relativeTime(c.lastUsedAt, now) : 'Never'}</dd></div>
            <div><dt>This minute</dt><dd data-testid="requests-per-minute">{plural(c.requestsLastMinute, 'request')} ({c.requests} in all)</dd></div>
            <div><dt>Upstream 401 / 429</dt><dd>{c.upstream401} / {c.upstream429}</dd></div>
            <div><dt>{c.expired ? 'Expired' : 'Expires'}</dt><dd className={c.expired ? 'error' : undefined}>{relativeTime(c.expiresAt, now)}</dd></div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
