// The everyday profile actions, each answering with the sentence the dashboard shows after it.

import type { ProfileStatus } from '../../../shared/domain';
import { relativeTime } from '../format';
import { api, unwrap } from './api';

export function whereLabel(status: ProfileStatus): string {
  const p = status.profile.provider;
  const place = p.kind === 'genesys' ? `Genesys Cloud · ${p.domain}` : `OpenID · ${hostOf(p.issuer)}`;
  return status.organization ? `${status.organization} · ${place}` : place;
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
  return s.state === 'valid' ? 'Refreshed.' : 'Not refreshed yet: the status line says why.';
}

export async function signInMessage(profileId: string): Promise<string> {
  const s = await unwrap(api.signIn({ profileId }));
  return s.state === 'valid' ? 'Signed in.' : 'Not signed in: the status line says why.';
}

export async function cancelSignInMessage(profileId: string): Promise<string> {
  await unwrap(api.cancelSignIn({ profileId }));
  return 'Sign-in cancelled.';
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
