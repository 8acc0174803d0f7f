// `tokentray import gc [FILE]`: profiles from the Genesys Cloud CLI's config.toml; the agent reads
// the file itself, so no secret crosses the socket.

import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { ask } from '../ask.js';
import { EXIT } from '../exit-codes.js';
import { importReport } from '../format.js';
import { timeoutOption } from '../options.js';
import { forTerminal } from '../terminal-text.js';

export function registerImport(program: Command): void {
  program.command('import').argument('<source>', 'where from: gc (the Genesys Cloud CLI)').argument('[file]', 'its config file (default ~/.gc/config.toml)')
    .description("import profiles from the Genesys Cloud CLI's config.toml; secrets go into TokenTray's vault")
    .addOption(timeoutOption())
    .action(async (source: string, file: string | undefined, opts: { timeout?: number }) => {
      if (source !== 'gc') throw new CommanderError(EXIT.usage, 'tokentray.usage', `tokentray can import from "gc" only, not "${source}".`);
      const path = resolve(file ?? resolve(homedir(), '.gc', 'config.toml'));
      const report = await ask({ command: 'tokentray import gc', timeoutSec: opts.timeout }, 'importGc', { file: path });
      process.stdout.write(`${forTerminal(importReport(report))}\n`);
    });
}
