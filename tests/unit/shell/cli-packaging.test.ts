// The tokentray command in the packaged app, without building a package: electron-builder.yml puts
// the CLI bundle and its launchers outside the asar (extraResources), names the app's own link so
// it does not take /usr/bin/tokentray, and hooks the deb scripts and the NSIS include. The deb
// scripts are rendered as electron-builder does (${var} macros, unknown ones refused) and run in a
// scratch root: after-install links /usr/bin/tokentray to a launcher that works through that link;
// after-remove takes it away again.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../cli/build.mjs';
import { useTempDirs } from '../../support/temp-dir.js';

const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const tempDir = useTempDirs();

interface ExtraResource { from: string; to: string; filter?: string[] }
type BuilderConfig = {
  extraResources: ExtraResource[];
  linux: { executableName?: string };
  deb: { afterInstall: string; afterRemove: string };
  nsis: { include: string };
};
const builder = require('app-builder-lib/out/util/config/config.js') as { getConfig(projectDir: string, configPath: null, configFromOptions: null): Promise<BuilderConfig> };

/** electron-builder's FpmTarget.writeConfigFile: `${name}` macros, an unknown one is an error. */
function render(file: string, vars: Record<string, string>): string {
  return readFileSync(join(root, file), 'utf8').replace(/\${([a-zA-Z]+)}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`Macro ${name} is not defined`);
    return vars[name]!;
  });
}

/** Copies what extraResources would put under resources/ (each entry's from, to and filter). */
function layOutResources(resources: string, entries: ExtraResource[]): void {
  for (const entry of entries) {
    const target = join(resources, entry.to);
    mkdirSync(target, { recursive: true });
    cpSync(join(root, entry.from), target, { recursive: true, filter: (source) => {
      const relative = source.slice(join(root, entry.from).length + 1);
      return !relative || lstatSync(source).isDirectory() || !entry.filter || entry.filter.some((pattern) => minimatch(relative, pattern));
    } });
  }
}

let config: BuilderConfig;
beforeAll(async () => {
  config = await builder.getConfig(root, null, null);
  await buildCli();
});

describe('the packaged tokentray command', () => {
  it('ships the CLI outside the asar and keeps /usr/bin/tokentray for it', () => {
    expect(config.extraResources).toEqual(expect.arrayContaining([
      { from: 'dist-cli', to: 'cli', filter: ['**/*.mjs'] },
      { from: 'build/cli', to: 'cli' },
    ]));
    expect(config.linux.executableName).toBe('tokentray-desktop');
    for (const file of [config.deb.afterInstall, config.deb.afterRemove, config.nsis.include, 'build/cli/tokentray', 'build/cli/tokentray.cmd']) expect(existsSync(join(root, file)), file).toBe(true);
    expect(readFileSync(join(root, config.nsis.include), 'utf8')).toMatch(/!macro customInstall[\s\S]*\$INSTDIR\\resources\\cli[\s\S]*!macro customUnInstall/);
    expect(readFileSync(join(root, 'build/cli/tokentray.cmd'), 'utf8')).toContain('node "%~dp0tokentray.mjs" %*');
  });

  it('deb: after-install links /usr/bin/tokentray to a working launcher, after-remove unlinks it', () => {
    const fakeRoot = tempDir();
    const vars = { executable: config.linux.executableName!, sanitizedProductName: 'TokenTray' };
    // The scripts' absolute paths, moved under the scratch root.
    const inRoot = (script: string) => script.replace(/'\/(usr|opt|etc)\//g, `'${fakeRoot}/$1/`);
    mkdirSync(join(fakeRoot, 'usr', 'bin'), { recursive: true });
    layOutResources(join(fakeRoot, 'opt', 'TokenTray', 'resources'), config.extraResources);
    // Only the tools the scripts need: no update-alternatives, apparmor or desktop databases of this machine.
    const tools = join(fakeRoot, 'tools');
    mkdirSync(tools);
    for (const tool of ['ln', 'rm', 'readlink', 'chmod', 'unshare', 'true']) symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(tools, tool));
    const runScript = (name: string, script: string) => {
      const file = join(fakeRoot, name);
      writeFileSync(file, inRoot(script));
      expect(spawnSync('bash', ['-n', file]).status).toBe(0);
      const result = spawnSync('/bin/bash', [file], { env: { PATH: tools }, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
    };

    runScript('after-install', render(config.deb.afterInstall, vars));
    const link = join(fakeRoot, 'usr', 'bin', 'tokentray');
    expect(readlinkSync(link)).toBe(join(fakeRoot, 'opt', 'TokenTray', 'resources', 'cli', 'tokentray'));
    expect(readlinkSync(join(fakeRoot, 'usr', 'bin', 'tokentray-desktop'))).toBe(join(fakeRoot, 'opt', 'TokenTray', 'tokentray-desktop'));
    const help = spawnSync(link, ['--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    if (help.error) throw help.error;
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Fresh access tokens for scripts and tools/);
    const status = spawnSync(link, ['status'], { encoding: 'utf8', env: { PATH: process.env.PATH, TOKENTRAY_DATA_DIR: join(fakeRoot, 'no-data') } });
    expect(status.status).toBe(5);

    runScript('after-remove', render(config.deb.afterRemove, vars));
    expect(existsSync(link)).toBe(false);
  });

  it('the launcher says plainly when there is no Node to run it', () => {
    const run = spawnSync('/bin/sh', [join(root, 'build', 'cli', 'tokentray'), '--help'], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs Node\.js 20 or later on PATH/);
  });
});
