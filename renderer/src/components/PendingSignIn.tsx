// A sign-in waiting for the user, shown wherever its profile is (any tab, any window): the sign-in
// page as a link with a copy button (nothing may open a browser for a remote or Node dashboard),
// the time left, and Cancel, which frees the loopback port at once.

import { useState } from 'react';
import type { ProfileStatus } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { useNow } from '../clock';
import { countdown } from '../format';
import { clip, errorText } from '../text';

/** The page's address without its query (state, challenge): enough to see where it goes. */
const withoutQuery = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
};

export function PendingSignIn({ status }: { status: ProfileStatus }) {
  const pending = status.pendingSignIn;
  const [note, setNote] = useState<string>();
  if (!pending) return null;
  return <PendingPanel status={status} note={note} setNote={setNote} />;
}

function PendingPanel({ status, note, setNote }: { status: ProfileStatus; note: string | undefined; setNote: (n: string) => void }) {
  const pending = status.pendingSignIn!;
  const now = useNow();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(pending.url ?? '');
      setNote('Link copied. Open it in a browser on this machine.');
    } catch {
      setNote('Copying was refused by the browser: select the link and copy it.');
    }
  };
  const cancel = () => unwrap(api.cancelSignIn({ profileId: status.profile.id })).then(() => setNote('Sign-in cancelled.'), (e: unknown) => setNote(errorText(e)));
  return (
    <div className="pending" role="status" data-testid="pending-signin">
      <p>
        <strong>{pending.kind === 'device' ? 'Waiting for approval on the other device' : 'Waiting for the sign-in in your browser'}</strong>
        {' '}({countdown(pending.expiresAt - now)} left{pending.port ? `; listening on port ${pending.port}` : ''}).
      </p>
      {pending.userCode ? <p>Enter the code <strong className="user-code">{pending.userCode}</strong> at the page below.</p> : null}
      {pending.url ? (
        <p className="pending-link">
          <a href={pending.url} target="_blank" rel="noopener noreferrer">{pending.kind === 'device' ? 'Open the verification page' : 'Open the sign-in page'}</a>
          <code title={pending.url}>{clip(withoutQuery(pending.url), 90)}</code>
        </p>
      ) : <p className="muted">Preparing the sign-in page…</p>}
      <div className="actions">
        {pending.url ? <button type="button" onClick={() => void copy()}>Copy link</button> : null}
        <button type="button" onClick={() => void cancel()}>Cancel sign-in</button>
      </div>
      {note ? <p className="muted">{note}</p> : null}
    </div>
  );
}
