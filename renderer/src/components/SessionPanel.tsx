// Sign-in, re-authentication and sign-out for one profile: browser sign-in, a refresh token the
// user already holds, device sign-in for OpenID providers, and sign-out with revocation.

import { useState } from 'react';
import type { ProfileStatus } from '../../../shared/domain';
import type { DeviceSignIn } from '../../../shared/ipc';
import { api, unwrap } from '../api/api';
import { useAction } from '../api/use-action';

export function SessionPanel({ status }: { status: ProfileStatus }) {
  const id = status.profile.id;
  const { busy, message, setMessage, run } = useAction();
  const [refreshToken, setRefreshToken] = useState('');
  const [device, setDevice] = useState<DeviceSignIn>();
  if (status.profile.grant === 'client_credentials') {
    return <p className="muted">Client-credentials profiles sign in with their client secret; change it under Settings.</p>;
  }
  return (
    <div className="session">
      <div className="row">
        <button type="button" disabled={busy} onClick={() => run(async () => {
          setMessage('Complete the sign-in in your browser…');
          const s = await unwrap(api.signIn({ profileId: id }));
          return s.state === 'valid' ? 'Signed in.' : s.state;
        })}>Sign in with browser</button>
        {busy ? <button type="button" onClick={() => void unwrap(api.cancelSignIn({ profileId: id }))}>Cancel</button> : null}
        {status.profile.provider.kind === 'oidc' ? (
          <button type="button" disabled={busy} onClick={() => run(async () => {
            const d = await unwrap(api.startDeviceSignIn({ profileId: id }));
            setDevice(d);
            return 'Waiting for approval on the other device…';
          })}>Sign in on another device</button>
        ) : null}
        <button type="button" disabled={busy} onClick={() => run(async () => (await unwrap(api.signOut({ profileId: id }))).message)}>Sign out</button>
      </div>
      {device ? (
        <p className="device" role="status">Open <code>{device.verificationUri}</code> and enter <strong className="user-code">{device.userCode}</strong>.</p>
      ) : null}
      <form className="row" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const s = await unwrap(api.signInWithRefreshToken({ profileId: id, refreshToken }));
          setRefreshToken('');
          return s.state === 'valid' ? 'The refresh token works; the profile is signed in.' : s.state;
        });
      }}>
        <label htmlFor={`rt-${id}`}>Already hold a refresh token?</label>
        <input id={`rt-${id}`} type="password" autoComplete="off" value={refreshToken} onChange={(e) => setRefreshToken(e.target.value)} placeholder="Paste it here" />
        <button type="submit" disabled={busy || !refreshToken}>Use refresh token</button>
      </form>
      <p aria-live="polite" data-testid="session-message">{message ?? ''}</p>
    </div>
  );
}
