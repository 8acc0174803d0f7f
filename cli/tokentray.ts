// `tokentray`: fresh tokens for scripts and tools, from the one TokenTray that refreshes them.
// Imports only the shared protocol, the thin agent client and commander, so it starts nearly as
// fast as Node itself; the engine is loaded only when no TokenTray runs (see ask.ts).

import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { AgentTokenAnswer } from '../shared/agent-protocol.js';
import { AgentCallError, ask } from './ask.js';
import { execWithEnvironment } from './exec.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
import { importReport, shortStatus, statusTable } from './format.js';
import { execViaGateway, registerGatewayCommands } from './gateway-commands.js';
import { SHELLS, defaultShell, exportLines, tokenEnvironment, type Shell } from './token-env.js';

const EXAMPLES = `
Examples:
  tokentray token                          print the default profile's access token
  curl -H "$(tokentray token prod --header)" https://api.mypurecloud.com/api/v2/users/me
  tokentray token prod --json --min-valid 600
  tokentray exec prod -- gc users list     run gc with GENESYSCLOUD_ACCESS_TOKEN and GENESYSCLOUD_REGION set
  tokentray exec prod --min-valid 1800 -- terraform apply
  eval "$(tokentray env prod)"             export the token into this shell (fish: tokentray env prod --shell fish | source)
  tokentray status --short                 one line for a shell prompt
  tokentray import gc                      import profiles from ~/.gc/config.toml

Every token handed out is recorded in TokenTray's audit log with the asking process.
The profile may be its id or its name; TOKENTRAY_PROFILE sets the default.

${EXIT_CODES_HELP}`;

const seconds = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 7 * 24 * 3600) throw new InvalidArgumentError('give whole seconds between 0 and 604800, e.g. 300.');
  return n;
};
const waitOption = () => new Option('--wait [seconds]', 'when sign-in is required, wait for you to sign in in TokenTray (default 300 s)').argParser(seconds);
const minValidOption = (fallback: number) => new Option('--min-valid <seconds>', 'the token must stay valid at least this long; refreshed first otherwise').argParser(seconds).default(fallback);

const profileArg = (given: string | undefined): string | undefined => given ?? (process.env.TOKENTRAY_PROFILE || undefined);

/** A token, waiting for a sign-in when asked to (polling status, so the app is not asked to notify every second). */
async function getToken(command: string, profile: string | undefined, minValidSec: number, wait: number | true | undefined): Promise<AgentTokenAnswer> {
  const context = { command };
  const waitSec = wait === true ? 300 : wait;
  const deadline = Date.now() + (waitSec ?? 0) * 1000;
  for (let announced = false; ;) {
    try {
      const answer = await ask(context, 'token', { ...(profile ? { profile } : {}), minValidSec });
      if (!answer.minValiditySatisfied) process.stderr.write(`tokentray: warning: even a fresh token for ${answer.profile} expires in ${Math.round((answer.expiresAt - Date.now()) / 1000)} s, less than the ${minValidSec} s asked for.\n`);
      return answer;
    } catch (error) {
      if (!waitSec || !(error instanceof AgentCallError) || error.code !== 'signin_required' || Date.now() > deadline) throw error;
      if (!announced) process.stderr.write(`tokentray: ${error.message}\ntokentray: waiting up to ${waitSec} s for the sign-in (Ctrl-C to stop)...\n`);
      announced = true;
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const status = await (profile ? ask(context, 'status', { profile }) : ask(context, 'list', {}).then((all) => all.find((p) => p.isDefault))).catch(() => undefined);
        if ((status && status.state !== 'signin_required') || Date.now() > deadline) break;
      }
    }
  }
}

function buildProgram(): Command {
  const program = new Command('tokentray')
    .description('Fresh access tokens for scripts and tools, from TokenTray (the one process that refreshes them).')
    .enablePositionalOptions()
    .showHelpAfterError('(run tokentray --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride();

  program.command('token').argument('[profile]', 'profile id or name (default: the default profile)')
    .description('print an access token')
    .option('--header', 'print "Authorization: Bearer <token>"')
    .option('--json', 'print token, expiry, scopes and region as JSON')
    .addOption(minValidOption(60)).addOption(waitOption())
    .action(async (profile: string | undefined, opts: { header?: boolean; json?: boolean; minValid: number; wait?: number | true }) => {
      const answer = await getToken('tokentray token', profileArg(profile), opts.minValid, opts.wait);
      if (opts.json) {
        const { accessToken, expiresAt, scopes, region, regionKey, apiBaseUrl, provider } = answer;
        process.stdout.write(`${JSON.stringify({ profile: answer.profile, accessToken, tokenType: 'Bearer', expiresAt: new Date(expiresAt).toISOString(), expiresIn: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)), scopes, provider, region, ...(regionKey ? { regionKey } : {}), ...(apiBaseUrl ? { apiBaseUrl } : {}) })}\n`);
      } else {
        process.stdout.write(opts.header ? `Authorization: Bearer ${answer.accessToken}\n` : `${answer.accessToken}\n`);
      }
    });

  program.command('exec').argument('<profile>', 'profile id or name').argument('<command...>', 'the program and its arguments, after --')
    .description('run a program with the token in its environment (see env)')
    .passThroughOptions()
    .addOption(minValidOption(300)).addOption(waitOption())
    .option('--via-gateway', 'give the program a temporary gateway key instead of the token (revoked when it exits)')
    .action(async (profile: string, argv: string[], opts: { minValid: number; wait?: number | true; viaGateway?: boolean }) => {
      // With pass-through options commander keeps the `--` separator: it is ours, not the program's.
      const [program_, ...args] = argv[0] === '--' ? argv.slice(1) : argv;
      if (!program_) throw new CommanderError(EXIT.usage, 'tokentray.usage', 'exec needs a program to run: tokentray exec PROFILE -- PROGRAM ARGS');
      if (opts.viaGateway) return void (process.exitCode = await execViaGateway(profile, program_, args));
      const answer = await getToken(`tokentray exec ${program_.split(/[\\/]/).pop() ?? ''}`, profile, opts.minValid, opts.wait);
      process.exitCode = await execWithEnvironment(program_, args, tokenEnvironment(answer));
    });

  program.command('env').argument('<profile>', 'profile id or name')
    .description('print export lines for the token variables (eval them in your shell)')
    .addOption(new Option('--shell <shell>', 'the shell to print for').choices(SHELLS))
    .addOption(minValidOption(300)).addOption(waitOption())
    .action(async (profile: string, opts: { shell?: Shell; minValid: number; wait?: number | true }) => {
      const answer = await getToken('tokentray env', profile, opts.minValid, opts.wait);
      process.stdout.write(`${exportLines(tokenEnvironment(answer), opts.shell ?? defaultShell())}\n`);
    });

  program.command('status').argument('[profile]', 'one profile only')
    .description('every profile: state, time left, missing scopes, what to do')
    .option('--json', 'print JSON').option('--short', 'one line for a shell prompt')
    .action(async (profile: string | undefined, opts: { json?: boolean; short?: boolean }) => {
      const context = { command: 'tokentray status' };
      const profiles = profile ? [await ask(context, 'status', { profile })] : await ask(context, 'list', {});
      const text = opts.json ? JSON.stringify(profile ? profiles[0] : profiles, null, 2) : opts.short ? shortStatus(profiles, Date.now()) : statusTable(profiles, Date.now());
      process.stdout.write(`${text}\n`);
    });

  program.command('refresh').argument('<profile>', 'profile id or name')
    .description('refresh now, even if the token is still valid')
    .action(async (profile: string) => {
      const view = await ask({ command: 'tokentray refresh' }, 'refresh', { profile });
      process.stdout.write(`${statusTable([view], Date.now())}\n`);
    });

  program.command('list').description('list profiles (id, name, provider, region)').option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const profiles = await ask({ command: 'tokentray list' }, 'list', {});
      if (profiles.length === 0 && !opts.json) process.stderr.write('tokentray: no profiles yet. Add one in the TokenTray dashboard, or run `tokentray import gc`.\n');
      const lines = opts.json ? [JSON.stringify(profiles.map(({ id, name, provider, region, isDefault }) => ({ id, name, provider, region, isDefault })), null, 2)] : profiles.map((p) => `${p.id}\t${p.name}\t${p.provider} ${p.region}${p.isDefault ? '\t(default)' : ''}`);
      process.stdout.write(`${lines.join('\n')}${lines.length ? '\n' : ''}`);
    });

  program.command('import').argument('<source>', 'where from: gc (the Genesys Cloud CLI)').argument('[file]', 'its config file (default ~/.gc/config.toml)')
    .description("import profiles from the Genesys Cloud CLI's config.toml; secrets go into TokenTray's vault")
    .action(async (source: string, file: string | undefined) => {
      if (source !== 'gc') throw new CommanderError(EXIT.usage, 'tokentray.usage', `tokentray can import from "gc" only, not "${source}".`);
      const path = resolve(file ?? resolve(homedir(), '.gc', 'config.toml'));
      const report = await ask({ command: 'tokentray import gc' }, 'importGc', { file: path });
      process.stdout.write(`${importReport(report)}\n`);
    });
  registerGatewayCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
      if (error.code === 'tokentray.usage') process.stderr.write(`tokentray: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof AgentCallError) {
      process.stderr.write(`tokentray: ${error.message}\n`);
      return exitCodeFor(error.code);
    }
    process.stderr.write(`tokentray: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
