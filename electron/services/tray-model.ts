// What the tray shows, as plain data: the icon state (the worst profile), the tooltip and the
// context menu. The Electron adapter only renders this, so every rule here is testable in Node.

import type { GatewayBudgetView } from '../../shared/agent-protocol.js';
import { budgetLine } from '../../shared/budget-line.js';
import { PROFILE_STATE_SEVERITY, type ProfileState, type ProfileStatus } from '../../shared/domain.js';

export type TrayIconState = 'valid' | 'refreshing' | 'expiring' | 'signin_required' | 'error' | 'idle';

export type TrayAction =
  | { kind: 'copy'; profileId: string; as: 'token' | 'authorization_header' }
  | { kind: 'refresh'; profileId: string }
  | { kind: 'signin'; profileId: string }
  | { kind: 'open_dashboard' }
  | { kind: 'toggle_pause' }
  | { kind: 'toggle_start_at_login' }
  | { kind: 'install_cli' }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'item'; label: string; action: TrayAction; enabled?: boolean }
  | { type: 'checkbox'; label: string; action: TrayAction; checked: boolean }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] }
  | { type: 'separator' };

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayInputs {
  statuses: ProfileStatus[];
  defaultProfileId?: string;
  paused: boolean;
  startAtLogin: boolean;
  now: number;
  /** The local gateway's budget of each token its consumers use (issue 18); absent without a gateway. */
  gatewayBudgets?: GatewayBudgetView[];
  /** Offer "Install 'tokentray' command in PATH" (the packaged macOS app). */
  offerCliInstall?: boolean;
}

/** The icon shows the worst state across profiles; retrying and no-token fold into the nearest icon. */
export function iconFor(statuses: ProfileStatus[]): TrayIconState {
  if (statuses.length === 0) return 'idle';
  const worst = statuses.reduce<ProfileState>((w, s) => (PROFILE_STATE_SEVERITY[s.state] > PROFILE_STATE_SEVERITY[w] ? s.state : w), 'valid');
  switch (worst) {
    case 'retrying':
    case 'expiring':
      return 'expiring';
    case 'no_token':
    case 'expired':
    case 'signin_required':
      return 'signin_required';
    default:
      return worst;
  }
}

export function timeLeft(ms: number): string {
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 120) return `${Math.floor(minutes / 60)} h left`;
  if (minutes >= 1) return `${minutes} min left`;
  return `${Math.ceil(ms / 1000)} s left`;
}

const STATE_WORDS: Record<ProfileState, string> = {
  valid: 'valid',
  expiring: 'expiring soon',
  refreshing: 'refreshing…',
  retrying: 'retrying',
  no_token: 'no token',
  expired: 'expired',
  signin_required: 'sign-in required',
  error: 'error',
};

export function buildTrayModel(inputs: TrayInputs): TrayModel {
  const { statuses, now } = inputs;
  const defaultStatus = statuses.find((s) => s.profile.id === inputs.defaultProfileId) ?? statuses[0];
  const profileLine = defaultStatus
    ? `TokenTray · ${defaultStatus.profile.name}: ${STATE_WORDS[defaultStatus.state]}${defaultStatus.expiresAt && defaultStatus.state !== 'no_token' ? `, ${timeLeft(defaultStatus.expiresAt - now)}` : ''}`
    : 'TokenTray · no profiles yet';
  // Only tokens spent this minute: an idle gateway adds nothing to read.
  const budgetLines = (inputs.gatewayBudgets ?? []).filter((b) => b.used > 0).map((b) => {
    const name = statuses.find((s) => s.profile.id === b.profile)?.profile.name ?? b.profile;
    return `Gateway · ${name}: ${budgetLine(b, now, { withReset: false }).text}`;
  });
  const tooltip = [profileLine, ...budgetLines].join('\n');

  const menu: TrayMenuItem[] = [];
  if (defaultStatus) {
    // Many Linux panels give no click event, so the first item does what a click does.
    menu.push({ type: 'item', label: `Copy ${defaultStatus.profile.name} token`, action: { kind: 'copy', profileId: defaultStatus.profile.id, as: 'token' }, enabled: canCopy(defaultStatus) });
    menu.push({ type: 'separator' });
  }
  for (const status of statuses) {
    const items: TrayMenuItem[] = [
      { type: 'item', label: 'Copy access token', action: { kind: 'copy', profileId: status.profile.id, as: 'token' }, enabled: canCopy(status) },
      { type: 'item', label: 'Copy as Authorization header', action: { kind: 'copy', profileId: status.profile.id, as: 'authorization_header' }, enabled: canCopy(status) },
      { type: 'item', label: 'Refresh now', action: { kind: 'refresh', profileId: status.profile.id }, enabled: status.state !== 'refreshing' },
    ];
    if (status.state === 'signin_required' || status.state === 'no_token' || status.state === 'expired') {
      items.push({ type: 'item', label: 'Sign in…', action: { kind: 'signin', profileId: status.profile.id } });
    }
    const left = status.expiresAt && status.state !== 'no_token' ? ` · ${timeLeft(status.expiresAt - now)}` : '';
    menu.push({ type: 'submenu', label: `${status.profile.name} — ${STATE_WORDS[status.state]}${left}`, items });
  }
  if (statuses.length > 0) menu.push({ type: 'separator' });
  menu.push(
    { type: 'item', label: 'Open dashboard', action: { kind: 'open_dashboard' } },
    { type: 'checkbox', label: 'Pause auto-refresh', action: { kind: 'toggle_pause' }, checked: inputs.paused },
    { type: 'checkbox', label: 'Start at login', action: { kind: 'toggle_start_at_login' }, checked: inputs.startAtLogin },
    // macOS has no installer step that puts the command on PATH (services/cli-install.ts).
    ...(inputs.offerCliInstall ? [{ type: 'item' as const, label: "Install 'tokentray' command in PATH", action: { kind: 'install_cli' as const } }] : []),
    { type: 'separator' },
    { type: 'item', label: 'Quit TokenTray', action: { kind: 'quit' } },
  );
  return { icon: iconFor(statuses), tooltip, menu };
}

/** A token can be copied while one is alive; a copy during a refresh waits for the new token. */
function canCopy(status: ProfileStatus): boolean {
  return status.state !== 'signin_required' && status.state !== 'error' && (status.state !== 'no_token' || status.profile.grant === 'client_credentials');
}
