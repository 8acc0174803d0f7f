// `tokentray env PROFILE`: export lines for the token variables, for the user's shell to evaluate.

import { Option, type Command } from 'commander';
import { getToken } from '../get-token.js';
import { minValidOption, timeoutOption, waitOption } from '../options.js';
import { SHELLS, defaultShell, exportLines, tokenEnvironment, type Shell } from '../token-env.js';

export function registerEnv(program: Command): void {
  program.command('env').argument('<profile>', 'profile id or name')
    .description('print export lines for the token variables (eval them in your shell)')
    .addOption(new Option('--shell <shell>', 'the shell to print for (default: from $SHELL)').choices(SHELLS))
    .addOption(minValidOption(300)).addOption(waitOption()).addOption(timeoutOption())
    .action(async (profile: string, opts: { shell?: Shell; minValid: number; wait?: number | true; timeout?: number }) => {
      const answer = await getToken({ command: 'tokentray env', timeoutSec: opts.timeout }, { profile, minValidSec: opts.minValid, wait: opts.wait });
      process.stdout.write(`${exportLines(tokenEnvironment(answer), opts.shell ?? defaultShell())}\n`);
    });
}
