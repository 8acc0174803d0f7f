// Node mode and the standalone CLI keep the vault's key in the OS keyring, tested against a real
// Secret Service: a private D-Bus session and gnome-keyring-daemon started here (never the
// user's). A key file from "weak protection" moves into the keyring once; the key survives a
// restart of the keyring; the CLI alone gets a token; a locked, absent or unreachable keyring is
// named and secrets stay in memory; a key removed from the keyring leaves the vault untouched.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import { keyringAccount } from '../../../electron/engine/vault/node-vault-cipher.js';
import { vaultBackendOf } from '../../../electron/engine/vault/vault-file.js';
import type { SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { ROOT, runCli, seedDataFolder, type SeededFolder, startCliSandbox } from '../../support/cli-harness.js';
import { removeKeyringHome, startPrivateKeyring, type PrivateKeyring } from '../../support/private-keyring.js';

const execFileAsync = promisify(execFile);
const PROBE = join(ROOT, 'tests', 'support', 'keyring-probe.ts');

let sandbox: SandboxIdp;
let folder: SeededFolder | undefined;
const keyrings: PrivateKeyring[] = [];
beforeAll(async () => void (sandbox = await startCliSandbox()));
afterAll(() => sandbox.close());
afterEach(async () => {
  for (const keyring of keyrings.splice(0)) {
    await keyring.stop();
    removeKeyringHome(keyring.home);
  }
  folder?.remove();
});

async function keyring(options: { daemon: boolean; home?: string }): Promise<PrivateKeyring> {
  const started = await startPrivateKeyring(options);
  if (!options.home) keyrings.push(started);
  return started;
}

/** Opens the vault cipher in a child process on the given bus, as Node mode does. */
async function probe(dataDir: string, env: Record<string, string>): Promise<{ backend: string; strong: boolean; available: boolean; notice: { level: string; title: string; message: string } | null }> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', PROBE, dataDir], { cwd: ROOT, env: { ...process.env, ...env } });
  return JSON.parse(stdout) as Awaited<ReturnType<typeof probe>>;
}

const vaultText = (dataDir: string) => readFileSync(dataFiles(dataDir).vault, 'utf8');
const slot = (dataDir: string) => ({ service: 'TokenTray', username: keyringAccount(dataDir) });

describe('the vault key in the OS keyring', () => {
  it('moves a weak-protection key file into the keyring once, with a notice', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const ring = await keyring({ daemon: true });
    const keyFile = dataFiles(folder.dataDir).nodeModeKey;
    const keyFileText = readFileSync(keyFile, 'utf8').trim();

    const first = await probe(folder.dataDir, ring.env);
    expect(first).toMatchObject({ backend: 'node-keyring', strong: true, available: true, notice: { level: 'info', title: 'Vault key moved into the OS keyring' } });
    expect(first.notice?.message).toContain(`It is now kept in the OS keyring (service "TokenTray", account "${keyringAccount(folder.dataDir)}") and the key file was removed`);
    expect(existsSync(keyFile)).toBe(false);
    expect(await ring.lookup(slot(folder.dataDir))).toBe(keyFileText);

    const second = await probe(folder.dataDir, ring.env);
    expect(second).toMatchObject({ backend: 'node-keyring', available: true, notice: null });
  });

  it('lets the CLI alone get a token with no TokenTray running, persisted by default, and the key survives a keyring restart', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false }); // weak protection NOT opted in
    const ring = await keyring({ daemon: true });
    sandbox.resetStats();
    const first = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: ring.env });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(sandbox.isAccessTokenActive(first.stdout.trim())).toBe(true);
    expect(vaultBackendOf(vaultText(folder.dataDir))).toBe('node-keyring');

    // The whole Secret Service goes away and comes back (same keyring files, unlocked again).
    await ring.stop();
    const restarted = await keyring({ daemon: true, home: ring.home });
    try {
      const second = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: restarted.env });
      expect(second).toMatchObject({ code: 0, stdout: first.stdout });
      expect(sandbox.stats().tokenRequests).toBe(1); // the stored token was read back, not fetched again
    } finally {
      await restarted.stop();
    }
  });

  it('with the keyring locked, says so, keeps secrets in memory only and leaves the vault alone', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false });
    const ring = await keyring({ daemon: true });
    expect((await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: ring.env })).code).toBe(0);
    const before = vaultText(folder.dataDir);
    await ring.lock();

    const run = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: ring.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot keep its vault key in the OS keyring: the keyring is locked.*gnome-keyring-daemon --unlock.*secrets in memory only.*Keep TokenTray running/s);
    expect(vaultText(folder.dataDir)).toBe(before);
    expect(readdirSync(folder.dataDir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('with no Secret Service on the bus, or no D-Bus at all, names which and falls back to memory only', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false });
    const busOnly = await keyring({ daemon: false });
    const absent = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: busOnly.env });
    expect(absent.code).toBe(3);
    expect(absent.stderr).toMatch(/no Secret Service \(GNOME Keyring or KWallet\) answers on the D-Bus session.*secrets in memory only/s);

    const noBus = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: { DBUS_SESSION_BUS_ADDRESS: '' } });
    expect(noBus.code).toBe(3);
    expect(noBus.stderr).toMatch(/there is no D-Bus session \(DBUS_SESSION_BUS_ADDRESS is not set\).*secrets in memory only/s);
    expect(await probe(folder.dataDir, { DBUS_SESSION_BUS_ADDRESS: '' })).toMatchObject({ backend: 'node-key-file', strong: false, notice: { level: 'warning', title: 'No OS keyring' } });
  });

  it('with the key removed from the keyring, leaves the vault untouched and says how to recover', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false });
    const ring = await keyring({ daemon: true });
    expect((await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: ring.env })).code).toBe(0);
    const before = vaultText(folder.dataDir);
    await ring.clear(slot(folder.dataDir));

    const run = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: ring.env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`The vault ${dataFiles(folder.dataDir).vault} was encrypted with a key kept in the OS keyring, but the OS keyring (service "TokenTray", account "${keyringAccount(folder.dataDir)}") holds no key for it. The vault was left untouched`);
    expect(run.stderr).toMatch(/To recover, restore the keyring \(or its backup\).*or, to start over, move .*vault\.json aside and sign in again/);
    expect(vaultText(folder.dataDir)).toBe(before);
    expect(await ring.lookup(slot(folder.dataDir))).toBeUndefined(); // no new key was written over the lost one
    expect(readdirSync(folder.dataDir).filter((name) => name.includes('corrupt') || name === 'node-mode.key')).toEqual([]);
  });

  it('another process outside the keyring session cannot read the vault', async () => {
    folder = await seedDataFolder(sandbox, ['prod'], { persist: false });
    const ring = await keyring({ daemon: true });
    const own = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: ring.env });
    expect(own.code).toBe(0);
    const before = vaultText(folder.dataDir);
    expect(before).not.toContain(own.stdout.trim());

    const otherBus = await keyring({ daemon: true }); // another user's session: its own keyring
    const outsider = await runCli(['token', 'prod'], { dataDir: folder.dataDir, env: otherBus.env });
    expect(outsider.code).toBe(3);
    expect(outsider.stdout).not.toContain(own.stdout.trim());
    expect(vaultText(folder.dataDir)).toBe(before);
  });
});
