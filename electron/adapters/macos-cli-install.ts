// The macOS side of "Install 'tokentray' command in PATH": the file system and the system's own
// administrator prompt (osascript), handed to the rules in services/cli-install.ts. Only the
// packaged macOS app builds this (main.ts).

import { execFile } from 'node:child_process';
import { lstat, readlink, symlink } from 'node:fs/promises';
import { adminAppleScript, installCliCommand } from '../services/cli-install.js';

export function macosCliInstaller(resourcesPath: string): () => Promise<string> {
  return () => installCliCommand({
    resourcesPath,
    readLink: (path) => readlink(path).catch(() => undefined),
    isOtherFile: async (path) => (await lstat(path).catch(() => undefined))?.isSymbolicLink() === false,
    link: (target, path) => symlink(target, path),
    runAsAdmin: (command) => new Promise<void>((resolve, reject) => {
      execFile('osascript', ['-e', adminAppleScript(command)], (error) => {
        if (!error) return resolve();
        reject(new Error(/-128/.test(String(error.message)) ? 'Installing the command was cancelled at the administrator prompt.' : `Could not link the command (${error.message.trim()}); run: sudo ln -sfn "${resourcesPath}/cli/tokentray" /usr/local/bin/tokentray`));
      });
    }),
  });
}
