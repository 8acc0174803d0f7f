// Packaging without the Electron binary: electron-builder.yml as electron-builder itself loads and
// validates it (its own schema; a bogus key is rejected, so the check is live), the fuses that
// harden the app, a target per OS, what goes into the package (bundles only: no sources, maps,
// node_modules or the Node-mode bundle), `npm run dist`'s arguments per OS, and one Node version
// across package.json, the launcher, the README and the build targets.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { builderArgs } from '../../../scripts/dist.mjs';
import { MIN_NODE, nodeVersionProblem } from '../../../scripts/node-version.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

type BuilderConfig = Record<string, unknown> & {
  files: { filter: string[] }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; maintainer?: string; icon: string };
  mac: { target: string[]; extendInfo: Record<string, unknown> };
  win: { target: string[] };
  directories: { output: string };
  asar: boolean;
  appId: string;
};
const builder = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: object, debugLogger: { add(): void; isEnabled: boolean }): Promise<void>;
};
const quietLogger = { add: () => {}, isEnabled: false };

describe('electron-builder configuration', () => {
  it('is valid for electron-builder\'s own schema (and the validator rejects a bogus key)', async () => {
    const config = await builder.getConfig(root, null, null);
    await expect(builder.validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
    await expect(builder.validateConfiguration({ ...config, bogusKey: 1 }, quietLogger)).rejects.toThrow(/unknown property 'bogusKey'/);
  });

  it('sets the hardening fuses, an asar archive and a target per OS', async () => {
    const config = await builder.getConfig(root, null, null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toBeTruthy(); // .deb refuses to build without one
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true); // menu-bar app, no Dock icon
    expect(config.win.target).toEqual(['nsis']);
    expect(config.directories.output).toBe('release');
    const icon = readFileSync(join(root, config.linux.icon));
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // macOS icons need 512 px
  });

  it('packages the bundles and the renderer only', async () => {
    const config = await builder.getConfig(root, null, null);
    const patterns = config.files.flatMap((f) => f.filter);
    const included = (path: string) => {
      let result = false;
      for (const pattern of patterns) {
        if (pattern.startsWith('!')) { if (minimatch(path, pattern.slice(1), { dot: true })) result = false; }
        else if (minimatch(path, pattern, { dot: true })) result = true;
      }
      return result;
    };
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    for (const path of [pkg.main, 'dist-electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js', 'package.json']) expect(included(path), path).toBe(true);
    for (const path of ['dist-electron/main.cjs.map', 'dist/node/main.mjs', 'dist/renderer.build-stamp', 'dist-electron/build-stamp', 'electron/main.ts', 'node_modules/jose/dist/index.js', 'tests/e2e/electron-app.test.ts']) expect(included(path), path).toBe(false);
  });

  it('runs electron-builder for the current OS only, reusing a fetched Electron', () => {
    expect(builderArgs('linux')).toEqual(['--linux', '--publish', 'never']);
    expect(builderArgs('darwin')).toEqual(['--mac', '--publish', 'never']);
    expect(builderArgs('win32', 'C:/x/dist')).toEqual(['--win', '--publish', 'never', '-c.electronDist=C:/x/dist']);
    expect(() => builderArgs('aix')).toThrow(/cannot package for aix/);
  });
});

describe('Node version', () => {
  it('is the same in package.json, the launcher, the README and the build targets', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
    const [major, minor] = MIN_NODE.split('.');
    expect(pkg.engines.node).toBe(`>=${major}.${minor}`);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`));
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`Node ${major}.${minor}`);
    expect(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8')).toContain(`target: 'node${major}'`);
    expect(nodeVersionProblem('20.18.3')).toMatch(/needs Node 20\.19\.0 or newer \(this is 20\.18\.3\)/);
    expect(nodeVersionProblem('20.19.0')).toBeUndefined();
    expect(nodeVersionProblem('22.12.0')).toBeUndefined();
    expect(nodeVersionProblem(process.versions.node)).toBeUndefined();
  });
});
