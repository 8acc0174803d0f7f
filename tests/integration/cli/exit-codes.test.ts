// Exit codes that say what happened, with TokenTray running and without: "no TokenTray" (3) only
// when that is true, unknown profile and no profiles 5 in every mode, an unreadable import file 1,
// `status --check` for prompts and CI, and read-only commands that never create or write a folder.
// Every error names the data folder it looked at.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { runCli, seedDataFolder, startApp, type RunningApp, type SeededFolder, startCliSandbox } from '../../support/cli-harness.js';

let sandbox: SandboxIdp;
let folder: SeededFolder | undefined;
let app: RunningApp | undefined;
const scratch: string[] = [];
beforeAll(async () => void (sandbox = await startCliSandbox()));
afterAll(() => sandbox.close());
afterEach(async () => {
  await app?.close();
  app = undefined;
  folder?.remove();
  folder = undefined;
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const emptyDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-exit-'));
  scratch.push(dir);
  return dir;
};

// Each test runs several CLI processes one after another: on a crowded machine that is more than 20 s.
describe('tokentray exit codes', { timeout: 90_000 }, () => {
  it('a data folder that does not exist: no profiles (5), named, and never created', async () => {
    const dataDir = join(emptyDir(), 'never-made');
    for (const args of [['token'], ['token', 'prod'], ['status'], ['status', '--check'], ['exec', 'prod', '--', 'true'], ['env', 'prod'], ['refresh', 'prod']]) {
      const run = await runCli(args, { dataDir });
      expect({ args, code: run.code }).toEqual({ args, code: 5 });
      expect(run.stderr).toContain(`(data folder: ${dataDir})`);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    const list = await runCli(['list', '--json'], { dataDir });
    expect(list).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('an empty data folder: no profiles (5), and nothing written into it', async () => {
    const dataDir = emptyDir();
    expect((await runCli(['token'], { dataDir })).code).toBe(5);
    expect((await runCli(['status'], { dataDir })).code).toBe(5);
    expect((await runCli(['list'], { dataDir })).code).toBe(0);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('memory-only secrets and no TokenTray: unknown profile 5, missing import file 1, status 3 naming the folder', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false });
    const { dataDir } = folder;
    const unknown = await runCli(['token', 'nope'], { dataDir });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toMatch(/There is no profile "nope"\. Known profiles: prod\./);
    const missing = await runCli(['import', 'gc', join(dataDir, 'nope.toml')], { dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no gc configuration at .*nope\.toml/);
    const status = await runCli(['status'], { dataDir });
    expect(status.code).toBe(3);
    expect(status.stderr).toContain(`No TokenTray is running for ${dataDir}`);
    expect((await runCli(['list'], { dataDir })).stdout).toMatch(/^prod\t/);
  });

  it('a running TokenTray with no profiles answers 5, like the standalone path', async () => {
    folder = await seedDataFolder(sandbox, []);
    app = await startApp(folder.dataDir);
    const run = await runCli(['token'], { dataDir: folder.dataDir });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/no profiles yet/);
    expect((await runCli(['status', 'prod'], { dataDir: folder.dataDir })).code).toBe(5);
  });

  it('status --check: 0 when every token is valid, 1 when one has none, 4 when one needs sign-in', async () => {
    folder = await seedDataFolder(sandbox, ['prod', 'dev']);
    app = await startApp(folder.dataDir);
    const cli = (args: string[]) => runCli(args, { dataDir: folder!.dataDir });
    expect((await cli(['token', '--wait', 'prod'])).code).toBe(0); // a name right after --wait is the profile
    expect((await cli(['status', '--check'])).code).toBe(1); // dev has no token yet
    expect((await cli(['status', 'prod', '--check', '--short'])).code).toBe(0);
    sandbox.revokeRefreshToken(folder.refreshTokens.dev!);
    expect((await cli(['refresh', 'dev'])).code).toBe(4);
    const check = await cli(['status', '--check']);
    expect(check.code).toBe(4);
    expect(check.stdout).toMatch(/dev\s+SIGN-IN REQUIRED/);
  });
});
