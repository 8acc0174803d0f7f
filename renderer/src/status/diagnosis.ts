// What a profile's status means for a person: a tone, a short pill label, one plain status line,
// the one action that fixes (or, when all is well, uses) it, and the details behind the line.
// Pure: the overview, the detail pane and the banner all read the same diagnosis, so a problem
// is said once, in the same words, and the offered action is never one that cannot work.

import type { ProfileStatus } from '../../../shared/domain';
import { relativeTime } from '../format';

export type Tone = 'ok' | 'warn' | 'bad' | 'busy';

/** The one primary action a row offers: the fix when something is wrong, the everyday action otherwise. */
export type PrimaryAction =
  | { kind: 'copy'; label: 'Copy token' }
  | { kind: 'copy_command'; label: 'Copy command' }
  | { kind: 'retry'; label: 'Retry now' | 'Get a token' }
  | { kind: 'sign_in'; label: 'Sign in' }
  | { kind: 'edit'; label: 'Enter client secret' | 'Edit region' | 'Edit issuer' | 'Edit profile'; field: 'clientSecret' | 'region' | 'loginBaseUrl' | 'issuer' | 'clientId' }
  | { kind: 'cancel_sign_in'; label: 'Cancel sign-in' };

export interface Diagnosis {
  tone: Tone;
  /** Two words at most, for the pill. */
  pill: string;
  /** One plain sentence: what is going on, without the server's jargon. */
  line: string;
  /** The fix or the everyday action; undefined while nothing can usefully be done (refreshing). */
  action?: PrimaryAction;
  /** True when the profile needs the user (counted by the banner). */
  needsAttention: boolean;
  /** The long story, for the disclosure: the engine's sentence, the server's words, attempts. */
  details: { label: string; value: string }[];
}

const firstSentence = (text: string) => (text.split(/(?<=\.)\s/)[0] ?? text).replace(/\.$/, '');

const hostIn = (message: string): string | undefined => /Could not reach ([^\s:]+(?::\d+)?)/.exec(message)?.[1];

/** The failure in a few words (the engine's message is a full sentence, kept for the details). */
export function shortReason(status: ProfileStatus): string {
  const error = status.lastError;
  if (!error) return 'No token yet';
  const host = hostIn(error.message);
  if (error.code === 'missing_client_secret') return 'No client secret stored';
  if (error.code === 'signin_needed') return 'Not signed in yet';
  if (error.serverError === 'invalid_client') return 'Client id or secret rejected';
  if (error.serverError === 'invalid_grant' || error.code === 'grant_revoked' || error.code === 'invalid_refresh_token') return 'Sign-in expired or revoked';
  if (error.serverError === 'invalid_scope') return 'Scopes refused by the server';
  if (error.code === 'rate_limited') return 'Rate limited by the server';
  if (/does not resolve/.test(error.message)) return `Cannot find ${host ?? 'the server'}`;
  if (/connection refused/.test(error.message)) return `Nothing answers at ${host ?? 'the server'}`;
  if (host) return `Cannot reach ${host}`;
  if (error.code === 'timeout') return 'The server did not answer in time';
  if (error.code === 'server_error') return `Server error${error.httpStatus ? ` (${error.httpStatus})` : ''}`;
  const first = error.message.split(/(?<=\.)\s/)[0] ?? error.message;
  return first.length > 90 ? `${first.slice(0, 88)}…` : first.replace(/\.$/, '');
}

const secretProblem = (s: ProfileStatus) => s.lastError?.code === 'missing_client_secret' || s.lastError?.serverError === 'invalid_client';
const grantProblem = (s: ProfileStatus) => ['invalid_grant'].includes(s.lastError?.serverError ?? '') || ['grant_revoked', 'invalid_refresh_token', 'signin_needed', 'expired_token'].includes(s.lastError?.code ?? '');
const addressProblem = (s: ProfileStatus) => /does not resolve|was not found \(404\)/.test(s.lastError?.message ?? '');

function editAction(status: ProfileStatus): PrimaryAction | undefined {
  if (status.profile.sandbox) return undefined; // rebuilt every start: not editable
  if (secretProblem(status)) return { kind: 'edit', label: 'Enter client secret', field: 'clientSecret' };
  if (addressProblem(status)) {
    return status.profile.provider.kind === 'genesys'
      ? { kind: 'edit', label: 'Edit region', field: status.profile.provider.loginBaseUrl ? 'loginBaseUrl' : 'region' }
      : { kind: 'edit', label: 'Edit issuer', field: 'issuer' };
  }
  return undefined;
}

export interface DiagnoseOptions {
  now: number;
  /** Whether this TokenTray can put a token on the system clipboard. */
  canCopy: boolean;
}

export function diagnose(status: ProfileStatus, options: DiagnoseOptions): Diagnosis {
  const diagnosis = diagnoseState(status, options);
  const line = diagnosis.line.toLowerCase();
  return { ...diagnosis, details: diagnosis.details.filter((d) => d.value.replace(/\.$/, '').toLowerCase() !== line) };
}

function diagnoseState(status: ProfileStatus, { now, canCopy }: DiagnoseOptions): Diagnosis {
  const { profile } = status;
  const interactive = profile.grant !== 'client_credentials';
  const live = status.tokenPreview !== undefined && status.expiresAt !== undefined && status.expiresAt > now && status.state !== 'no_token';
  const copy: PrimaryAction = canCopy ? { kind: 'copy', label: 'Copy token' } : { kind: 'copy_command', label: 'Copy command' };
  // The details never repeat what the line already says.
  const details = detailsOf(status);
  const warning = status.warnings?.[0];

  if (status.pendingSignIn) {
    return { tone: 'busy', pill: 'Signing in', line: status.pendingSignIn.kind === 'device' ? 'Waiting for approval on the other device' : 'Waiting for the sign-in in your browser', action: { kind: 'cancel_sign_in', label: 'Cancel sign-in' }, needsAttention: false, details };
  }
  switch (status.state) {
    case 'refreshing':
      return { tone: 'busy', pill: 'Refreshing', line: 'Getting a fresh token…', needsAttention: false, details, ...(live ? { action: copy } : {}) };
    case 'valid':
    case 'expiring': {
      const missing = status.scopes.missing;
      const line = warning ? firstSentence(warning.message)
        : missing.length ? `Missing scope${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`
          : status.state === 'expiring' ? 'Expires soon; renewing' : 'Fresh';
      return { tone: warning || status.state === 'expiring' || missing.length ? 'warn' : 'ok', pill: status.state === 'expiring' ? 'Expiring' : 'Valid', line, ...(live ? { action: copy } : {}), needsAttention: Boolean(warning), details };
    }
    case 'retrying': {
      const fix = editAction(status);
      const outlook = warning?.at && warning.at > now ? `the token runs out ${relativeTime(warning.at, now)}` : live ? 'the current token still works' : 'TokenTray keeps trying';
      return { tone: warning ? 'bad' : 'warn', pill: 'Retrying', line: `${shortReason(status)}; ${outlook}`, action: fix ?? { kind: 'retry', label: 'Retry now' }, needsAttention: true, details };
    }
    case 'signin_required':
    case 'no_token':
    case 'expired':
    case 'error': {
      const fix = editAction(status);
      if (fix) return { tone: 'bad', pill: secretProblem(status) ? 'Secret refused' : 'Unreachable', line: shortReason(status), action: fix, needsAttention: true, details };
      // A client-credentials profile whose grant is refused has only its secret to fix.
      if (!interactive && status.state === 'signin_required' && !profile.sandbox) {
        return { tone: 'bad', pill: 'Secret refused', line: status.lastError ? shortReason(status) : 'The server refused the client credentials', action: { kind: 'edit', label: 'Enter client secret', field: 'clientSecret' }, needsAttention: true, details };
      }
      if (interactive && (status.state === 'signin_required' || grantProblem(status) || (status.state === 'no_token' && !status.lastError))) {
        const line = status.lastError ? shortReason(status) : 'Not signed in yet';
        return { tone: 'bad', pill: 'Signed out', line, action: { kind: 'sign_in', label: 'Sign in' }, needsAttention: Boolean(status.lastError) || status.state === 'signin_required', details };
      }
      if (status.state === 'error') {
        return { tone: 'bad', pill: 'Error', line: shortReason(status), ...(profile.sandbox ? {} : { action: { kind: 'edit' as const, label: 'Edit profile' as const, field: 'clientId' as const } }), needsAttention: true, details };
      }
      const line = status.state === 'expired' ? 'The token has expired' : status.lastError ? shortReason(status) : 'No token yet';
      return { tone: status.lastError ? 'bad' : 'warn', pill: status.state === 'expired' ? 'Expired' : 'No token', line, action: { kind: 'retry', label: 'Get a token' }, needsAttention: Boolean(status.lastError), details };
    }
  }
}

function detailsOf(status: ProfileStatus): Diagnosis['details'] {
  const rows: Diagnosis['details'] = [];
  const error = status.lastError;
  if (error) {
    rows.push({ label: 'What happened', value: error.message });
    if (error.serverError || error.serverDescription) rows.push({ label: 'Server said', value: [error.serverError, error.serverDescription].filter(Boolean).join(': ') });
    if (error.httpStatus) rows.push({ label: 'HTTP status', value: String(error.httpStatus) });
  }
  if (status.retry) rows.push({ label: 'Attempts', value: String(status.retry.attempt) });
  for (const w of status.warnings ?? []) rows.push({ label: 'Ahead', value: w.message });
  return rows;
}
