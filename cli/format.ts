// How the CLI prints profiles: a readable table for `status`, one line for a shell prompt
// (`status --short`), and the import report.

import type { AgentProfileView, GcImportReport } from '../shared/agent-protocol.js';

export function timeLeft(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return '-';
  const seconds = Math.round((expiresAt - now) / 1000);
  if (seconds <= 0) return 'expired';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

const STATE_WORDS: Record<AgentProfileView['state'], string> = {
  valid: 'valid',
  expiring: 'expiring',
  refreshing: 'refreshing',
  retrying: 'retrying',
  no_token: 'no token',
  expired: 'EXPIRED',
  signin_required: 'SIGN-IN REQUIRED',
  error: 'ERROR',
};

export function statusTable(profiles: AgentProfileView[], now: number): string {
  if (profiles.length === 0) return 'No profiles. Add one in the TokenTray dashboard, or run `tokentray import gc`.';
  const rows = profiles.map((p) => [
    `${p.isDefault ? '*' : ' '} ${p.id}`,
    STATE_WORDS[p.state],
    timeLeft(p.expiresAt, now),
    p.missingScopes.length ? `missing: ${p.missingScopes.join(' ')}` : '',
  ]);
  const header = ['  PROFILE', 'STATE', 'LEFT', 'SCOPES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const actions = profiles.filter((p) => p.action).map((p) => `${p.id}: ${p.action}`);
  return [line(header), ...rows.map(line), ...(actions.length ? ['', ...actions] : [])].join('\n');
}

/** One short line for a prompt, e.g. `prod 41m dev SIGN-IN`. */
export function shortStatus(profiles: AgentProfileView[], now: number): string {
  return profiles.map((p) => {
    if (p.state === 'signin_required') return `${p.id} SIGN-IN`;
    if (p.state === 'error') return `${p.id} ERR`;
    if (p.state === 'no_token') return `${p.id} -`;
    return `${p.id} ${timeLeft(p.expiresAt, now)}${p.missingScopes.length ? '!' : ''}`;
  }).join(' ');
}

export function importReport(report: GcImportReport): string {
  const lines = [`From ${report.file}:`];
  for (const item of report.imported) {
    lines.push(`  imported "${item.gcProfile}" as ${item.id} (${item.grant}, ${item.region})`);
    for (const note of item.notes) lines.push(`    note: ${note}`);
  }
  for (const item of report.skipped) lines.push(`  skipped "${item.gcProfile}": ${item.reason}`);
  if (report.imported.length === 0 && report.skipped.length === 0) lines.push('  no profiles found.');
  lines.push(`${report.imported.length} imported, ${report.skipped.length} skipped.`);
  return lines.join('\n');
}
