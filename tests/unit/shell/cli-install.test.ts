// "Install 'tokentray' command in PATH" (macOS): the rules, with the file system and the
// administrator prompt faked; the quoting checked in a real shell.

import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminAppleScript, CLI_LINK, installCliCommand, shellQuote, type CliInstallDeps } from '../../../electron/services/cli-install.js';
import { buildTrayModel } from '../../../electron/services/tray-model.js';

function fakes(over: Partial<CliInstallDeps> = {}) {
  const calls: string[] = [];
  const deps: CliInstallDeps = {
    resourcesPath: "/Applications/Token Tray's.app/Contents/Resources",
    readLink: async () => undefined,
    isOtherFile: async () => false,
    link: async (target, path) => void calls.push(`link ${target} ${path}`),
    runAsAdmin: async (command) => void calls.push(`admin ${command}`),
    ...over,
  };
  return { deps, calls };
}

describe('installing the tokentray command on macOS', () => {
  it('links /usr/local/bin/tokentray to the launcher in Resources/cli', async () => {
    const { deps, calls } = fakes();
    expect(await installCliCommand(deps)).toMatch(/tokentray is installed: open a new terminal/);
    expect(calls).toEqual([`link /Applications/Token Tray's.app/Contents/Resources/cli/tokentray ${CLI_LINK}`]);
  });

  it('asks for an administrator only when the folder is not writable, with every path quoted', async () => {
    const { deps, calls } = fakes({ link: async () => { throw Object.assign(new Error('denied'), { code: 'EACCES' }); } });
    await installCliCommand(deps);
    expect(calls).toEqual([`admin mkdir -p '/usr/local/bin' && ln -sfn '/Applications/Token Tray'\\''s.app/Contents/Resources/cli/tokentray' '${CLI_LINK}'`]);
  });

  it('says it is already installed, and leaves a file it did not make alone', async () => {
    const target = "/Applications/Token Tray's.app/Contents/Resources/cli/tokentray";
    expect(await installCliCommand(fakes({ readLink: async () => target }).deps)).toMatch(/already installed/);
    await expect(installCliCommand(fakes({ isOtherFile: async () => true }).deps)).rejects.toThrow(/is a file TokenTray did not put there, so it was left alone/);
  });

  it('quotes any text as one shell word (checked in a real sh)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000')), (text) => {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' })).toBe(text);
    }), { numRuns: 60 });
  });

  it('escapes the command inside the AppleScript string', () => {
    expect(adminAppleScript(`ln -s 'a"b\\c' x`)).toBe(`do shell script "ln -s 'a\\"b\\\\c' x" with administrator privileges`);
  });

  it('the tray offers it only where the app says so (the packaged macOS app)', () => {
    const labels = (offer: boolean) => buildTrayModel({ statuses: [], paused: false, startAtLogin: false, now: 0, offerCliInstall: offer }).menu.flatMap((item) => ('label' in item ? [item.label] : []));
    expect(labels(true)).toContain("Install 'tokentray' command in PATH");
    expect(labels(false)).not.toContain("Install 'tokentray' command in PATH");
  });
});
