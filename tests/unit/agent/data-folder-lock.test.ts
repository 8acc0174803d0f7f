// The data-folder lock between real processes: exclusive while its owner lives, a second attempt
// names the holder, a release frees it at once, and a crashed owner's lock goes stale.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLockOwner, tryLockDataFolder } from '../../../electron/agent/data-folder-lock.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();

function startHolder(dataDir: string, staleMs: number): Promise<{ pid: number; kill: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold-lock.ts'), dataDir, String(staleMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('locked') ? resolve({ pid: child.pid!, kill: () => child.kill('SIGKILL') }) : reject(new Error(chunk.toString()))));
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

  it("takes over a crashed owner's lock once it is stale, and says the owner is gone meanwhile", async () => {
    const dataDir = tempDir();
    const holder = await startHolder(dataDir, 2000);
    const whileAlive = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token', staleMs: 2000 });
    expect(whileAlive).toMatchObject({ acquired: false, holderRunning: true, holder: { pid: holder.pid } });
    holder.kill();
    await new Promise((r) => setTimeout(r, 300));
    const justAfter = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token', staleMs: 2000 });
    expect(justAfter).toMatchObject({ acquired: false, holderRunning: false });
    if (!justAfter.acquired) expect(justAfter.message).toMatch(/no longer running; its lock expires within 2 s/);
    const started = Date.now();
    for (;;) {
      const attempt = await tryLockDataFolder(dataDir, { mode: 'cli', command: 'tokentray token', staleMs: 2000 });
      if (attempt.acquired) {
        await attempt.lock.release();
        break;
      }
      expect(Date.now() - started).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
