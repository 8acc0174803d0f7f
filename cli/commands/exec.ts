// `tokentray exec PROFILE [options] -- PROGRAM ARGS`: runs a program with the token in its
// environment. Our options may stand anywhere before `--`; everything after it is the program's.

import { CommanderError, type Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { getToken } from '../get-token.js';
import { minValidOption, timeoutOption, waitOption } from '../options.js';
import { runWithEnvironment } from '../run-program.js';
import { tokenEnvironment } from '../token-env.js';
import { execViaGateway } from '../gateway-commands.js';

export function registerExec(program: Command): void {
  program.command('exec').argument('<profile>', 'profile id or name').argument('<command...>', 'the program and its arguments, after --')
    .usage('[options] <profile> -- <program> [args...]')
    .description('run a program with the token in its environment (see env)')
    .addOption(minValidOption(300)).addOption(waitOption()).addOption(timeoutOption())
    .option('--via-gateway', 'give the program a temporary gateway key instead of the token (revoked when it exits)')
    .action(async (profile: string, argv: string[], opts: { minValid: number; wait?: number | true; timeout?: number; viaGateway?: boolean }) => {
      const [programName, ...args] = argv;
      if (!programName) throw new CommanderError(EXIT.usage, 'tokentray.usage', 'exec needs a program to run: tokentray exec PROFILE -- PROGRAM ARGS');
      if (opts.viaGateway) return void (process.exitCode = await execViaGateway(profile, programName, args));
      const answer = await getToken({ command: `tokentray exec ${programName.split(/[\\/]/).pop() ?? ''}`, timeoutSec: opts.timeout }, { profile, minValidSec: opts.minValid, wait: opts.wait });
      process.exitCode = await runWithEnvironment(programName, args, tokenEnvironment(answer));
    });
}
