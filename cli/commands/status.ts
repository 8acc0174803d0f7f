// `tokentray status`, `list` and `refresh`: what TokenTray knows about the profiles, for people (a
// table, one prompt line) and for scripts (JSON, and `--check`'s exit code).

import type { Command } from 'commander';
import type { AgentProfileView } from '../../shared/agent-protocol.js';
import { AgentCallError, ask } from '../ask.js';
import { EXIT } from '../exit-codes.js';
import { shortStatus, statusTable } from '../format.js';
import { timeoutOption } from '../options.js';
import { forTerminal, safeJson } from '../terminal-text.js';
import { NO_PROFILES_MESSAGE } from '../../electron/agent/profile-ref.js';

interface StatusOptions { json?: boolean; short?: boolean; check?: boolean; timeout?: number }

export function registerStatus(program: Command): void {
  program.command('status').argument('[profile]', 'one profile only')
    .description('every profile: state, time left, missing scopes, what to do')
    .option('--json', 'print JSON').option('--short', 'one line for a shell prompt')
    .option('--check', 'exit 0 only when every profile shown has a valid token (4 when one needs sign-in, 1 otherwise)')
    .addOption(timeoutOption())
    .action(async (profile: string | undefined, opts: StatusOptions) => {
      const context = { command: 'tokentray status', timeoutSec: opts.timeout, aboutTokens: true };
      const profiles = profile ? [await ask(context, 'status', { profile })] : await ask(context, 'list', {});
      if (profiles.length === 0) throw new AgentCallError('no_profiles', NO_PROFILES_MESSAGE);
      const now = Date.now();
      const text = opts.json ? safeJson(profile ? profiles[0] : profiles, 2) : forTerminal(opts.short ? shortStatus(profiles, now) : statusTable(profiles, now));
      process.stdout.write(`${text}\n`);
      if (opts.check) process.exitCode = checkExitCode(profiles, now);
    });

  program.command('list').description('list profiles (id, name, provider, region)').option('--json', 'print JSON').addOption(timeoutOption())
    .action(async (opts: { json?: boolean; timeout?: number }) => {
      const profiles = await ask({ command: 'tokentray list', timeoutSec: opts.timeout }, 'list', {});
      if (profiles.length === 0 && !opts.json) process.stderr.write('tokentray: no profiles yet. Add one in the TokenTray dashboard, or run `tokentray import gc`.\n');
      const lines = opts.json
        ? [safeJson(profiles.map(({ id, name, provider, region, isDefault }) => ({ id, name, provider, region, isDefault })), 2)]
        : profiles.map((p) => forTerminal(`${p.id}\t${p.name.replace(/\t/g, ' ')}\t${p.provider} ${p.region}${p.isDefault ? '\t(default)' : ''}`).replace(/\n/g, ' '));
      process.stdout.write(`${lines.join('\n')}${lines.length ? '\n' : ''}`);
    });

  program.command('refresh').argument('<profile>', 'profile id or name')
    .description('refresh now, even if the token is still valid')
    .addOption(timeoutOption())
    .action(async (profile: string, opts: { timeout?: number }) => {
      const view = await ask({ command: 'tokentray refresh', timeoutSec: opts.timeout }, 'refresh', { profile });
      process.stdout.write(`${forTerminal(statusTable([view], Date.now()))}\n`);
    });
}

/** A profile passes when it holds a token that is valid now and nothing says it is broken. */
const USABLE = new Set<AgentProfileView['state']>(['valid', 'expiring', 'refreshing', 'retrying']);

export function checkExitCode(profiles: readonly AgentProfileView[], now: number): number {
  if (profiles.some((p) => p.state === 'signin_required')) return EXIT.signInRequired;
  const allValid = profiles.every((p) => USABLE.has(p.state) && p.expiresAt !== undefined && p.expiresAt > now);
  return allValid ? EXIT.ok : EXIT.failure;
}

