// `tokentray`: fresh tokens for scripts and tools, from the one TokenTray that refreshes them.
// This file only registers the commands (each in cli/commands/) and turns failures into one line
// on stderr and an exit code. Imports only the shared protocol, the thin agent client and
// commander, so it starts nearly as fast as Node itself; the engine is loaded only when no
// TokenTray runs (see ask.ts).

import { Command, CommanderError } from 'commander';
import { AgentCallError, currentDataDir } from './ask.js';
import { registerEnv } from './commands/env.js';
import { registerExec } from './commands/exec.js';
import { registerImport } from './commands/import-gc.js';
import { registerStatus } from './commands/status.js';
import { registerToken } from './commands/token.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
import { spellOutWaitDefault } from './options.js';
import { oneLine } from './terminal-text.js';
import { registerGatewayCommands } from './gateway-commands.js';

/** Each line runs as written in tests/integration/cli/documented-examples.test.ts (keep `command  # what it does`). */
export const EXAMPLES = `
Examples:
  tokentray token                                           # the default profile's access token
  curl -H "$(tokentray token prod --header)" https://api.mypurecloud.com/api/v2/users/me
  tokentray token prod --json --min-valid 600               # token, expiry, scopes, region as JSON
  tokentray token prod --format headers-json                # {"Authorization":"Bearer …"} for headersHelper
  tokentray exec prod -- gc users list                      # gc with GENESYSCLOUD_ACCESS_TOKEN and GENESYSCLOUD_REGION set
  tokentray exec prod --min-valid 3600 -- terraform apply   # options go before --, the program after
  tokentray exec prod --wait -- terraform apply             # wait for you to sign in when needed
  eval "$(tokentray env prod)"                              # export the token into this shell (bash, zsh)
  tokentray env prod --shell fish | source                  # the same in fish
  tokentray status --short                                  # one line for a shell prompt
  tokentray status --check                                  # exit 0 only when every token is valid
  tokentray import gc                                       # import profiles from ~/.gc/config.toml

Every token handed out is recorded in TokenTray's audit log with the asking process.
The profile may be its id or its name; TOKENTRAY_PROFILE sets the default.
TOKENTRAY_DATA_DIR names the data folder (the one TokenTray uses); every error names it.
TOKENTRAY_TIMEOUT sets the default of --timeout (seconds).

${EXIT_CODES_HELP}`;

function buildProgram(): Command {
  const program = new Command('tokentray')
    .description('Fresh access tokens for scripts and tools, from TokenTray (the one process that refreshes them).')
    .enablePositionalOptions()
    .showHelpAfterError('(run tokentray --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride();
  registerToken(program);
  registerExec(program);
  registerEnv(program);
  registerStatus(program);
  registerImport(program);
  registerGatewayCommands(program);
  program.commands.forEach((command) => command.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(spellOutWaitDefault(argv));
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
      if (error.code === 'tokentray.usage') process.stderr.write(`tokentray: ${error.message}\n`);
      if (error.code === 'commander.unknownOption' && argv.includes('exec')) process.stderr.write('tokentray: put -- before the program, so its options stay its own: tokentray exec PROFILE [options] -- PROGRAM ARGS\n');
      return EXIT.usage;
    }
    const dataDir = currentDataDir();
    if (error instanceof AgentCallError) {
      process.stderr.write(`tokentray: ${oneLine(namingFolder(error.message, dataDir))}\n`);
      return exitCodeFor(error.code);
    }
    process.stderr.write(`tokentray: unexpected failure: ${oneLine(error instanceof Error ? error.message : String(error))} (data folder: ${dataDir})\n`);
    return EXIT.failure;
  }
}

/** Every error says which data folder it is about: a second TokenTray or a stray TOKENTRAY_DATA_DIR is the usual surprise. */
const namingFolder = (message: string, dataDir: string): string => (message.includes(dataDir) ? message : `${message} (data folder: ${dataDir})`);
