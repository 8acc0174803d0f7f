// One profile at a glance: which org, region and client (so nobody runs a script against the wrong
// org), the state in words and colour, the remaining life draining, the idle deadline, warnings,
// and only the actions that can work right now.

import { memo } from 'react';
import type { ProfileStatus } from '../../../shared/domain';
import { api, unwrap } from '../api/api';
import { useAction } from '../api/use-action';
import { useCanCopy, useCliCommand } from '../app-info';
import { useNow, useStillBefore } from '../clock';
import { LifeBar } from '../components/LifeBar';
import { PendingSignIn } from '../components/PendingSignIn';
import { StateBadge } from '../components/StateBadge';
import { GRANT_LABEL, relativeTime, STATE_LABEL, STATE_TONE } from '../format';
import { clip } from '../text';

export function whereLabel(status: ProfileStatus): string {
  const p = status.profile.provider;
  const place = p.kind === 'genesys' ? `Genesys Cloud · ${p.domain}` : `OpenID · ${hostOf(p.issuer)}`;
  return status.organization ? `${place} · ${status.organization}` : place;
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export async function refreshMessage(profileId: string): Promise<string> {
  const s = await unwrap(api.refreshNow({ profileId }));
  return s.state === 'valid' ? 'Refreshed.' : s.lastError?.message ?? STATE_LABEL[s.state] ?? s.state;
}

export async function copyMessage(profileId: string): Promise<string> {
  const r = await unwrap(api.copyToken({ profileId, as: 'token' }));
  return `Copied ${r.masked}${r.clearsAt ? `; clipboard clears ${relativeTime(r.clearsAt, Date.now())}` : ''}.`;
}

/**
 * Where this TokenTray has no system clipboard (a browser dashboard on a headless box), the token
 * still never travels to the page: the page copies the command that prints it instead.
 */
export async function copyCommandMessage(profileId: string, tokentray: string): Promise<string> {
  const command = `${tokentray} token ${profileId}`;
  try {
    await navigator.clipboard.writeText(command);
    return `This TokenTray has no system clipboard, so the command was copied instead: run ${command} in a terminal to print the token.`;
  } catch {
    return `This TokenTray has no system clipboard: run ${command} in a terminal to print the token.`;
  }
}

function ProfileCardView({ status, onOpen }: { status: ProfileStatus; onOpen: (id: string) => void }) {
  const { busy, message, run } = useAction();
  const canCopy = useCanCopy();
  const tokentray = useCliCommand();
  const { profile } = status;
  const live = useStillBefore(status.expiresAt) && status.tokenPreview !== undefined && status.state !== 'no_token';
  const canSignIn = profile.grant !== 'client_credentials' && !status.pendingSignIn && (status.state === 'signin_required' || status.state === 'no_token' || !live);
  const canRefresh = live || profile.grant === 'client_credentials' || status.state === 'retrying';
  return (
    <article className={`card tone-${STATE_TONE[status.state] ?? 'idle'}`} aria-labelledby={`title-${profile.id}`} data-profile={profile.id}>
      <header>
        <h3 id={`title-${profile.id}`}>
          <button type="button" className="link title" onClick={() => onOpen(profile.id)}>{profile.name}</button>
        </h3>
        <StateBadge state={status.state} />
      </header>
      <p className="where" data-testid="where">{whereLabel(status)}</p>
      <p className="client">Client <code>{clip(profile.clientId, 60)}</code> · {GRANT_LABEL[profile.grant]}{profile.sandbox ? ' · sandbox demo' : ''}</p>
      <LifeBar status={status} />
      <CardTimeline status={status} live={live} />
      {(status.state === 'signin_required' || status.state === 'error') && status.lastError ? (
        <p className="error">{clip(status.lastError.message, 300)}{status.lastError.serverDescription ? ` (server: ${clip(status.lastError.serverDescription, 120)})` : ''}</p>
      ) : null}
      {status.warnings?.map((w) => <p key={w.code} className="warning" data-testid="card-warning">{w.message}</p>)}
      {status.scopes.missing.length > 0 ? <p className="warning">Missing scopes: {status.scopes.missing.join(', ')}</p> : null}
      <PendingSignIn status={status} />
      <div className="actions">
        {canRefresh ? <button type="button" disabled={busy} onClick={() => run(() => refreshMessage(profile.id))}>{live ? 'Refresh now' : 'Get a token'}</button> : null}
        {live && canCopy ? <button type="button" disabled={busy} onClick={() => run(() => copyMessage(profile.id))}>Copy token</button> : null}
        {live && !canCopy ? <button type="button" disabled={busy} onClick={() => run(() => copyCommandMessage(profile.id, tokentray))}>Copy command</button> : null}
        {canSignIn ? (
          <button type="button" disabled={busy} onClick={() => run(async () => {
            const s = await unwrap(api.signIn({ profileId: profile.id }));
            return s.state === 'valid' ? 'Signed in.' : STATE_LABEL[s.state] ?? s.state;
          })}>Sign in…</button>
        ) : null}
      </div>
      <p className="message" aria-live="polite">{message ?? '\u00a0'}</p>
    </article>
  );
}

/** The card's parts that change every second, re-rendered alone on each tick. */
function CardTimeline({ status, live }: { status: ProfileStatus; live: boolean }) {
  const now = useNow();
  return (
    <>
      {status.nextRefreshAt && live ? <p className="muted small">Renews {relativeTime(status.nextRefreshAt, now)}</p> : null}
      {status.state === 'retrying' && status.retry ? (
        <p className="warning" role="status">Retrying (attempt {status.retry.attempt}) {relativeTime(status.retry.nextAttemptAt, now)}: {clip(status.lastError?.message ?? '', 240)}</p>
      ) : null}
    </>
  );
}

export const ProfileCard = memo(ProfileCardView);
