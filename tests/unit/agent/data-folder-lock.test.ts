// The data-folder lock between real processes: exclusive while its owner lives, a second attempt
// names the holder, a release frees it at once, a crashed owner's lock is taken over at once (by
// time only where its death cannot be seen), and a dead owner is never named.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLockOwner, tryLockDataFolder } from '../../../electron/agent/data-folder-lock.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();

function startHolder(dataDir: string, staleMs: number): Promise<{ pid: number; kill: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold-lock.ts'), dataDir, String(staleMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('locked') ? resolve({ pid: child.pid!, kill: () => new Promise<void>((done) => { child.once('exit', () => done()); child.kill('SIGKILL'); }) }) : reject(new Error(chunk.toString()))));
    child.on('error', reject);
  });
}

describe('the data-folder lock', () => {
  it('is exclusive, names its holder, and is free again after release', async () => {
    const dataDir = tempDir();
    const first = await tryLockDataFolder(dataDir, { mode: 'node', command: 'npm start (browser dashboard)' });
    expect(first.acquired).toBe(true);
    const second = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token' });
    expect(second).toMatchObject({ acquired: false, holderRunning: true, holder: { pid: process.pid, mode: 'node' } });
    if (second.acquired) throw new Error('unreachable');
    expect(second.message).toContain(`is in use by TokenTray under Node (npm start, browser dashboard) (pid ${process.pid}`);
    if (!first.acquired) throw new Error('unreachable');
    await first.lock.release();
    expect(await readLockOwner(dataDir)).toBeUndefined();
    const third = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token' });
    expect(third.acquired).toBe(true);
    if (third.acquired) await third.lock.release();
  });

  it('stays held past its own touches (the marker inside does not look like a takeover), and release removes it', async () => {
    const dataDir = tempDir();
    const lost: string[] = [];
    const attempt = await tryLockDataFolder(dataDir, { mode: 'node', command: 'npm start', staleMs: 1000, onLost: (message) => lost.push(message) });
    if (!attempt.acquired) throw new Error(attempt.message);
    await new Promise((r) => setTimeout(r, 1800)); // three touches at 500 ms
    expect(lost).toEqual([]);
    await attempt.lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("takes over a crashed owner's lock at once, and never names the dead process", async () => {
    const dataDir = tempDir();
    const holder = await startHolder(dataDir, 10_000);
    const whileAlive = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token' });
    expect(whileAlive).toMatchObject({ acquired: false, holderRunning: true, holder: { pid: holder.pid } });
    await holder.kill();
    // Well inside the 10 s stale time: the owner note names this very lock directory and its pid is gone.
    const justAfter = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token' });
    expect(justAfter.acquired).toBe(true);
    if (justAfter.acquired) await justAfter.lock.release();
  });

  it('does not take over a lock that a new owner made while a dead owner\'s note was still there', async () => {
    const dataDir = tempDir();
    const holder = await startHolder(dataDir, 10_000);
    const note = await readLockOwner(dataDir);
    await holder.kill();
    // A new owner has just made its lock directory but not yet written its note: the dead one's is still there.
    const starting = await tryLockDataFolder(dataDir, { mode: 'desktop', command: 'TokenTray desktop app' });
    if (!starting.acquired) throw new Error(starting.message);
    await writeFile(join(dataDir, 'tokentray.owner.json'), JSON.stringify(note));
    const attempt = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token' });
    expect(attempt).toMatchObject({ acquired: false, holder: undefined });
    if (!attempt.acquired) expect(attempt.message).toMatch(/just starting or stopping/);
    if (!attempt.acquired) expect(attempt.message).not.toContain(String(note?.pid));
    await starting.lock.release();
  });

  it('a lock on another machine (or without a note) still goes stale by time', async () => {
    const dataDir = tempDir();
    const holder = await startHolder(dataDir, 1500);
    const note = await readLockOwner(dataDir);
    await holder.kill();
    await writeFile(join(dataDir, 'tokentray.owner.json'), JSON.stringify({ ...note, hostname: 'elsewhere' }));
    const early = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token', staleMs: 1500 });
    expect(early.acquired).toBe(false);
    await new Promise((r) => setTimeout(r, 3000)); // proper-lockfile rounds mtimes up to the second
    const later = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token', staleMs: 1500 });
    expect(later.acquired).toBe(true);
    if (later.acquired) await later.lock.release();
  });
});
