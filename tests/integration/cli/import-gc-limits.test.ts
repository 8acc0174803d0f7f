// `tokentray import gc` with no TokenTray running: gc's `http://localhost:<port>` PKCE redirects
// become the loopback address TokenTray listens on, with the exact URI to register printed; files
// past the size or profile-count limit are refused with what to do (exit 1, nothing imported); and
// a long import stops at once on SIGTERM.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_GC_FILE_BYTES, MAX_GC_PROFILES } from '../../../electron/agent/gc-import.js';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import type { SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { runCli, seedDataFolder, type SeededFolder, startCliSandbox } from '../../support/cli-harness.js';
import { waitFor } from '../../support/wait-for.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
beforeAll(async () => void (sandbox = await startCliSandbox()));
afterAll(() => sandbox.close());
afterEach(() => folder?.remove());

const gcProfiles = (count: number) => Array.from({ length: count }, (_, i) => `[p${i}]\nenvironment = "mypurecloud.ie"\nclient_credentials = "cc-${i}"\nclient_secret = "s-${i}"\ngrant_type = "1"\n`).join('\n');

describe('import gc', { timeout: 60_000 }, () => {
  it('turns a localhost PKCE redirect into 127.0.0.1 and prints the exact URI to register', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const config = join(folder.dataDir, 'gc.toml');
    writeFileSync(config, '[pkce]\nenvironment = "mypurecloud.ie"\nclient_credentials = "pkce-client-7"\ngrant_type = "3"\nredirect_uri = "http://localhost:8085"\n');
    const run = await runCli(['import', 'gc', config], { dataDir: folder.dataDir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('imported "pkce" as gc-pkce (pkce, mypurecloud.ie)');
    expect(run.stdout).toContain("note: gc's redirect URI http://localhost:8085 became http://127.0.0.1:8085/ (TokenTray listens on the loopback address, not \"localhost\"): add exactly http://127.0.0.1:8085/ to the redirect URIs of OAuth client pkce-client-7 in Genesys Cloud before signing in.");
    const list = await runCli(['list', '--json'], { dataDir: folder.dataDir });
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'gc-pkce' })]));
  });

  it(`refuses more than ${MAX_GC_PROFILES} profiles or ${MAX_GC_FILE_BYTES} bytes, saying what to do, and imports nothing`, async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const many = join(folder.dataDir, 'many.toml');
    writeFileSync(many, gcProfiles(MAX_GC_PROFILES + 1));
    const tooMany = await runCli(['import', 'gc', many], { dataDir: folder.dataDir });
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(new RegExp(`has ${MAX_GC_PROFILES + 1} profiles; tokentray imports at most ${MAX_GC_PROFILES} at once\\. Split the file`));
    const big = join(folder.dataDir, 'big.toml');
    writeFileSync(big, `${gcProfiles(1)}\n# ${'x'.repeat(MAX_GC_FILE_BYTES)}\n`);
    const tooBig = await runCli(['import', 'gc', big], { dataDir: folder.dataDir });
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/bytes, more than the \d+ tokentray imports at once/);
    expect((await runCli(['list'], { dataDir: folder.dataDir })).stdout).toBe('prod\tOrg prod\tgenesys mypurecloud.com\t(default)\n');
  });

  it('stops at once on SIGTERM in the middle of a long import', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const config = join(folder.dataDir, 'gc.toml');
    writeFileSync(config, gcProfiles(MAX_GC_PROFILES));
    let pid = 0;
    const running = runCli(['import', 'gc', config], { dataDir: folder.dataDir, onSpawn: (p) => (pid = p) });
    // Once the import is under way (the engine has written its first new profile)...
    const profilesFile = dataFiles(folder.dataDir).profiles;
    const before = readFileSync(profilesFile, 'utf8');
    await waitFor(() => readFileSync(profilesFile, 'utf8') !== before, 'the import to write its first profile', 15_000);
    const signalled = Date.now();
    process.kill(pid, 'SIGTERM');
    const run = await running;
    expect(Date.now() - signalled).toBeLessThan(1500);
    expect(run.signal ?? run.code).toBeTruthy();
    expect(existsSync(profilesFile)).toBe(true);
  }, 40_000);
});
