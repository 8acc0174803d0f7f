// "Install 'tokentray' command in PATH" on macOS, as VS Code does for `code`: a link in
// /usr/local/bin to the launcher the app ships in Resources/cli (deb packages link /usr/bin/tokentray
// at install time and the Windows installer adds the folder to PATH, so only macOS needs this).
// Writing /usr/local/bin usually needs an administrator: then the one `ln` runs through the
// system's own password prompt. The file system and that prompt are injected, so the rules are
// tested here without a Mac.

import { dirname, join } from 'node:path';

export const CLI_LINK = '/usr/local/bin/tokentray';

export interface CliInstallDeps {
  /** The app's Resources folder (process.resourcesPath). */
  resourcesPath: string;
  readLink(path: string): Promise<string | undefined>;
  /** True when something that is not a link sits at `path`. */
  isOtherFile(path: string): Promise<boolean>;
  link(target: string, path: string): Promise<void>;
  /** Runs a shell command with administrator rights after the system's password prompt. */
  runAsAdmin(command: string): Promise<void>;
}

/** Installs (or repairs) the link; resolves with what happened, in words, or rejects with what to do. */
export async function installCliCommand(deps: CliInstallDeps): Promise<string> {
  const target = join(deps.resourcesPath, 'cli', 'tokentray');
  const current = await deps.readLink(CLI_LINK);
  if (current === target) return `tokentray is already installed: ${CLI_LINK} runs this TokenTray's command.`;
  if (current === undefined && (await deps.isOtherFile(CLI_LINK))) {
    throw new Error(`${CLI_LINK} is a file TokenTray did not put there, so it was left alone. Remove it yourself if it is an old copy, then choose "Install 'tokentray' command in PATH" again.`);
  }
  try {
    await deps.link(target, CLI_LINK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT') throw error;
    // Not writable by this user (or /usr/local/bin missing): one administrator command does both.
    await deps.runAsAdmin(`mkdir -p ${shellQuote(dirname(CLI_LINK))} && ln -sfn ${shellQuote(target)} ${shellQuote(CLI_LINK)}`);
  }
  return `tokentray is installed: open a new terminal and run \`tokentray status\`. (${CLI_LINK} → ${target})`;
}

/** One POSIX shell word: single quotes, with each single quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The AppleScript that runs `command` behind the administrator prompt (its string literal escaped). */
export function adminAppleScript(command: string): string {
  return `do shell script "${command.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}" with administrator privileges`;
}
