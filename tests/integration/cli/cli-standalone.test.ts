// The CLI with no TokenTray running: it takes the data folder's lock, runs the engine for its
// request, and lets go; 50 at once still make one token request. It refuses a desktop-app vault
// (untouched) and memory-only secrets with a plain sentence, imports gc's config.toml, and a
// second TokenTray on a held folder says who holds it.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimDataFolder } from '../../../electron/agent/agent-host.js';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import type { SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { ROOT, nodeCipher, runCli, seedDataFolder, type SeededFolder, startCliSandbox } from '../../support/cli-harness.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
beforeAll(async () => void (sandbox = await startCliSandbox()));
afterAll(() => sandbox.close());
afterEach(() => folder?.remove());

const cli = (args: string[]) => runCli(args, { dataDir: folder.dataDir });
const leftovers = () => readdirSync(folder.dataDir).filter((name) => /tokentray\.lock|tokentray\.owner|agent\.sock|^\.a\d+$/.test(name));

describe('tokentray with no TokenTray running', () => {
  it('runs the engine for one request under the folder lock, keeps the rotated token, and lets go', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    sandbox.resetStats();
    const first = await cli(['token', 'prod']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(sandbox.isAccessTokenActive(first.stdout.trim())).toBe(true);
    expect(leftovers()).toEqual([]);
    const second = await cli(['token', 'prod']);
    expect(second.stdout).toBe(first.stdout);
    expect(sandbox.stats().tokenRequests).toBe(1);
    const vault = await Vault.open({ file: dataFiles(folder.dataDir).vault, cipher: await nodeCipher(folder.dataDir), persist: 'never' });
    expect(vault.get('prod')?.refreshToken).not.toBe(folder.refreshTokens.prod);
  });

  it('50 commands started at once make exactly one token request', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    sandbox.resetStats();
    const results = await Promise.all(Array.from({ length: 50 }, () => cli(['token', 'prod'])));
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    expect(sandbox.stats().tokenRequests).toBe(1);
    expect(leftovers()).toEqual([]);
  }, 90_000);

  it('never opens a vault written by the desktop app, and says to start the app', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const vaultFile = dataFiles(folder.dataDir).vault;
    const desktopVault = JSON.stringify({ format: 'tokentray-vault', version: 1, backend: 'gnome_libsecret', data: 'djEwc2FmZVN0b3JhZ2U=' });
    writeFileSync(vaultFile, desktopVault);
    const run = await cli(['token', 'prod']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/encrypted by the TokenTray desktop app \(gnome_libsecret\).*Start the TokenTray desktop app/);
    expect(readFileSync(vaultFile, 'utf8')).toBe(desktopVault);
    expect(readdirSync(folder.dataDir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('with memory-only secrets says so and what to do, but still lists profiles', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false });
    const run = await cli(['token', 'prod']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/secrets in memory only.*Keep TokenTray running.*TOKENTRAY_PERSIST_SECRETS=1/);
    expect((await cli(['list'])).stdout).toMatch(/^prod\tOrg prod/);
  });

  it("imports gc's config.toml: secrets into the vault, and says what it skipped and why", async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const config = join(folder.dataDir, 'gc-config.toml');
    writeFileSync(config, [
      '[DEFAULT]', 'environment = "mypurecloud.ie"', 'client_credentials = "cc-client-1"', 'client_secret = "gc-secret-1"', 'grant_type = "1"', 'access_token = "gc-token-xyz"', '',
      '[legacy]', 'environment = "eu-central-1"', 'client_credentials = "cc-client-2"', 'client_secret = "gc-secret-2"', '',
      '[pkce-dev]', 'environment = "us-west-2"', 'client_credentials = "pkce-client"', 'grant_type = "3"', 'redirect_uri = "http://localhost:0"', '',
      '[implicit]', 'client_credentials = "x"', 'grant_type = "2"', '',
      '[tokenonly]', 'access_token = "abc"', 'grant_type = "0"', '',
      '[moon]', 'environment = "moon-1"', 'client_credentials = "y"', 'client_secret = "z"', 'grant_type = "1"', '',
    ].join('\n'));
    const run = await cli(['import', 'gc', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('imported "DEFAULT" as gc-default (client_credentials, mypurecloud.ie)');
    expect(run.stdout).toContain("note: gc's stored access token was not copied");
    expect(run.stdout).toContain('imported "legacy" as gc-legacy (client_credentials, mypurecloud.de)');
    expect(run.stdout).toContain('imported "pkce-dev" as gc-pkce-dev (pkce, usw2.pure.cloud)');
    expect(run.stdout).toMatch(/note: gc's redirect URI http:\/\/localhost:0 has no fixed port/);
    expect(run.stdout).toMatch(/skipped "implicit": it uses the implicit grant/);
    expect(run.stdout).toMatch(/skipped "tokenonly": it holds only a pasted access token/);
    expect(run.stdout).toMatch(/skipped "moon": region: .*moon-1/);
    expect(run.stdout).toMatch(/3 imported, 3 skipped\.\n$/);
    expect(run.stdout).not.toMatch(/gc-secret|gc-token-xyz/);

    const vault = await Vault.open({ file: dataFiles(folder.dataDir).vault, cipher: await nodeCipher(folder.dataDir), persist: 'never' });
    expect(vault.get('gc-default')?.clientSecret).toBe('gc-secret-1');
    expect(vault.get('gc-default')?.accessToken).toBeUndefined();
    expect((await cli(['list'])).stdout).toMatch(/gc-default\tgc DEFAULT\tgenesys mypurecloud\.ie/);
    expect((await cli(['import', 'gc', config])).stdout).toMatch(/skipped "DEFAULT": a TokenTray profile named "gc DEFAULT" already exists/);
    const missing = await cli(['import', 'gc', join(folder.dataDir, 'nope.toml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no gc configuration at .*nope\.toml/);
  });

  it('a second TokenTray on a held folder says which process holds it and exits', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const claim = await claimDataFolder({ dataDir: folder.dataDir, mode: 'desktop', command: 'TokenTray desktop app' });
    if (!claim.ok) throw new Error(claim.message);
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'headless', 'main.ts')], {
        env: { ...process.env, TOKENTRAY_DATA_DIR: folder.dataDir, TOKENTRAY_DASHBOARD_PORT: '0' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(`is in use by the TokenTray desktop app (pid ${process.pid}`);
      expect(run.stderr).toMatch(/quit it first \(kill \d+\)/);
      expect(existsSync(dataFiles(folder.dataDir).vault)).toBe(true);
    } finally {
      await claim.owner.release();
    }
  });
});
