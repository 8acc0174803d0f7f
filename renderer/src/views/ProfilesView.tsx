import type { ProfileStatus } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { useAction } from '../api/use-action';
import { countdown, relativeTime, STATE_LABEL } from '../format';

export function ProfileCard({ status, now, onOpen }: { status: ProfileStatus; now: number; onOpen: () => void }) {
  const { busy, message, setMessage, run } = useAction();
  const { profile } = status;
  const alive = status.expiresAt !== undefined && status.state !== 'no_token';
  return (
    <article className={`card state-${status.state}`} aria-labelledby={`title-${profile.id}`} data-profile={profile.id}>
      <header>
        <h3 id={`title-${profile.id}`}>
          <button type="button" className="link" onClick={onOpen}>{profile.name}</button>
        </h3>
        <span className={`badge ${status.state}`} data-testid="state">{STATE_LABEL[status.state]}</span>
      </header>
      {profile.sandbox ? <p className="sandbox-label">Sandbox identity provider (demo org)</p> : null}
      <dl className="times">
        <dt>Expires in</dt>
        <dd className="countdown" data-testid="countdown">{alive ? countdown(status.expiresAt! - now) : '—'}</dd>
        <dt>Idle timeout</dt>
        <dd className="countdown">{status.idleAt ? countdown(status.idleAt - now) : '—'}</dd>
        <dt>Next refresh</dt>
        <dd>{status.nextRefreshAt ? relativeTime(status.nextRefreshAt, now) : '—'}</dd>
      </dl>
      {status.state === 'retrying' && status.retry ? (
        <p className="warning" role="status">Retrying (attempt {status.retry.attempt}) {relativeTime(status.retry.nextAttemptAt, now)}: {status.lastError?.message}</p>
      ) : null}
      {(status.state === 'signin_required' || status.state === 'error') && status.lastError ? (
        <p className="error" role="alert">{status.lastError.message}{status.lastError.serverDescription ? ` (server: ${status.lastError.serverDescription})` : ''}</p>
      ) : null}
      {status.scopes.missing.length > 0 ? <p className="warning">Missing scopes: {status.scopes.missing.join(', ')}</p> : null}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => run(async () => {
          const s = await unwrap(api.refreshNow({ profileId: profile.id }));
          return s.state === 'valid' ? 'Refreshed.' : s.lastError?.message ?? STATE_LABEL[s.state] ?? s.state;
        })}>Refresh now</button>
        <button type="button" disabled={busy} onClick={() => run(async () => {
          const r = await unwrap(api.copyToken({ profileId: profile.id, as: 'token' }));
          return `Copied ${r.masked}${r.clearsAt ? `; clipboard clears ${relativeTime(r.clearsAt, Date.now())}` : ''}.`;
        })}>Copy token</button>
        {(status.state === 'signin_required' || status.state === 'no_token' || status.state === 'expired') && status.profile.grant !== 'client_credentials' ? (
          <button type="button" disabled={busy} onClick={() => {
            setMessage('Complete the sign-in in your browser…');
            void run(async () => {
              const s = await unwrap(api.signIn({ profileId: profile.id }));
              return s.state === 'valid' ? 'Signed in.' : STATE_LABEL[s.state] ?? s.state;
            });
          }}>Sign in…</button>
        ) : null}
      </div>
      <p className="message" aria-live="polite">{message ?? '\u00a0'}</p>
    </article>
  );
}

export function ProfilesView({ statuses, now, onOpen }: { statuses: ProfileStatus[]; now: number; onOpen: (id: string) => void }) {
  if (statuses.length === 0) return <p>No profiles yet. Add one under Settings.</p>;
  return (
    <section aria-label="Profiles" className="cards">
      {statuses.map((s) => <ProfileCard key={s.profile.id} status={s} now={now} onOpen={() => onOpen(s.profile.id)} />)}
    </section>
  );
}
