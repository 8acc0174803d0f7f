// The data folder is trusted like OpenSSH's StrictModes: with a group-writable file, a folder
// owned by another (real, made here) user, or an agent socket that user put there, tokentray
// refuses to read or to ask, exits 1, and prints the exact command that fixes it; running that
// command makes it work again. The app side (claiming the folder) refuses the same way.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimDataFolder } from '../../../electron/agent/agent-host.js';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { ensureCliBuilt, runCli, seedDataFolder, type SeededFolder } from '../../support/cli-harness.js';

// Making a second user and handing files to it needs root (as CI and these machines run); elsewhere the suite says so and skips.
const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('folder-trust tests skipped: they create a second user, which needs root');

const OTHER = 'tt-trust-other';
let otherUid: number;
let sandbox: SandboxIdp;
let folder: SeededFolder;
beforeAll(async () => {
  await ensureCliBuilt();
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  if (!asRoot) return;
  if (spawnSync('id', ['-u', OTHER]).status !== 0) execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', OTHER]);
  otherUid = Number(execFileSync('id', ['-u', OTHER], { encoding: 'utf8' }).trim());
});
afterAll(async () => {
  await sandbox.close();
  if (asRoot) spawnSync('userdel', [OTHER]);
});
afterEach(() => folder?.remove());

/** Runs the fix tokentray printed, as printed (without sudo where there is none: the tests run as root). */
function runFix(stderr: string): void {
  const fix = /fix: (.*?)(?:\.|$)(?: |\n)/.exec(stderr)?.[1];
  expect(fix).toBeTruthy();
  const command = spawnSync('bash', ['-c', 'command -v sudo']).status === 0 ? fix! : fix!.replace(/^sudo /, '');
  execFileSync('bash', ['-c', command]);
}

describe.skipIf(!asRoot)('a data folder someone else could change', { timeout: 60_000 }, () => {
  it('refuses a group-writable profile file, with the chmod that fixes it', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const profiles = dataFiles(folder.dataDir).profiles;
    chmodSync(profiles, 0o664);
    const run = await runCli(['token', 'prod'], { dataDir: folder.dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`TokenTray will not use the data folder ${folder.dataDir}: someone else could change it. ${profiles} is writable by its group; fix: chmod go-w '${profiles}'`);
    runFix(run.stderr);
    expect(statSync(profiles).mode & 0o777).toBe(0o644);
    expect((await runCli(['token', 'prod'], { dataDir: folder.dataDir })).code).toBe(0);
  });

  it("refuses a folder owned by another user, with the chown that fixes it, and the app will not claim it", async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    chownSync(folder.dataDir, otherUid, otherUid);
    const run = await runCli(['status'], { dataDir: folder.dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${folder.dataDir} belongs to another user \\(uid ${otherUid}\\); fix: (sudo )?chown root '${folder.dataDir}'`));
    const claim = await claimDataFolder({ dataDir: folder.dataDir, mode: 'node', command: 'test' });
    expect(claim).toMatchObject({ ok: false, untrusted: true, message: expect.stringContaining('belongs to another user') });
    runFix(run.stderr);
    expect((await runCli(['status'], { dataDir: folder.dataDir })).code).toBe(0);
  });

  it("never asks an agent socket another user put in the folder", async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const socketPath = join(folder.dataDir, 'agent.sock');
    let asked = false;
    const fake = createServer((socket) => {
      asked = true;
      socket.end(`${JSON.stringify({ v: 1, id: 1, ok: true, value: { profile: 'prod', accessToken: 'attacker-token' } })}\n`);
    });
    await new Promise<void>((resolve) => fake.listen(socketPath, resolve));
    try {
      chownSync(socketPath, otherUid, otherUid);
      const run = await runCli(['token', 'prod'], { dataDir: folder.dataDir });
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain('attacker-token');
      expect(run.stderr).toContain(`${socketPath} belongs to another user (uid ${otherUid})`);
      expect(asked).toBe(false);
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});
