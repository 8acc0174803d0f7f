// Sign-in, re-authentication and sign-out for one profile: browser sign-in, a refresh token the
// user already holds, device sign-in where the provider advertises it, and sign-out with revocation.

import { useEffect, useState } from 'react';
import type { ProfileStatus } from '../../../shared/domain';
import type { SignInOptions } from '../../../shared/dashboard-types';
import { api, unwrap } from '../api/api';
import { useAction } from '../api/use-action';
import { PendingSignIn } from './PendingSignIn';

export function SessionPanel({ status }: { status: ProfileStatus }) {
  const id = status.profile.id;
  const { busy, message, run } = useAction();
  const [refreshToken, setRefreshToken] = useState('');
  const [options, setOptions] = useState<SignInOptions>();
  useEffect(() => {
    let alive = true;
    unwrap(api.getSignInOptions({ profileId: id })).then((o) => alive && setOptions(o), () => alive && setOptions({ browser: true, device: false }));
    return () => { alive = false; };
  }, [id]);
  if (status.profile.grant === 'client_credentials') {
    return <p className="muted">Client-credentials profiles sign in with their client secret; change it under Settings → Profiles.</p>;
  }
  const pending = Boolean(status.pendingSignIn);
  return (
    <div className="session">
      <div className="actions">
        <button type="button" disabled={busy || pending} onClick={() => run(async () => {
          const s = await unwrap(api.signIn({ profileId: id }));
          return s.state === 'valid' ? 'Signed in.' : 'Not signed in: the status line above says why.';
        })}>Sign in with browser</button>
        {options?.device ? (
          <button type="button" disabled={busy || pending} onClick={() => run(async () => {
            await unwrap(api.startDeviceSignIn({ profileId: id }));
            return 'Waiting for approval on the other device…';
          })}>Sign in on another device</button>
        ) : null}
        <button type="button" disabled={busy} onClick={() => run(async () => (await unwrap(api.signOut({ profileId: id }))).message)}>Sign out</button>
      </div>
      <PendingSignIn status={status} />
      <form className="row" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const s = await unwrap(api.signInWithRefreshToken({ profileId: id, refreshToken }));
          setRefreshToken('');
          return s.state === 'valid' ? 'The refresh token works; the profile is signed in.' : 'That refresh token was not accepted, so the profile is still signed out. Sign in with the browser, or paste a current refresh token.';
        });
      }}>
        <label htmlFor={`rt-${id}`}>Already hold a refresh token?</label>
        <input id={`rt-${id}`} type="password" autoComplete="off" maxLength={8000} value={refreshToken} onChange={(e) => setRefreshToken(e.target.value)} placeholder="Paste it here" />
        <button type="submit" disabled={busy || !refreshToken}>Use refresh token</button>
      </form>
      <p aria-live="polite" className="message" data-testid="session-message">{message ?? ''}</p>
    </div>
  );
}
