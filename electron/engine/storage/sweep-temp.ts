// Temp files left by atomic writes that a crash or kill interrupted (`.<name>.<pid>.<hex>.tmp`
// beside the target). They hold a snapshot that never became the file, so they are garbage, and
// for the vault they are encrypted secrets lying around: remove them when the file is opened.
// A temp file of a process that is still alive is left alone (it may be mid-write).

import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/** Removes the interrupted temp files of `target`; returns their names. Never throws. */
export async function sweepTempFiles(target: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<string[]> {
  const dir = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const entry of entries) {
    const match = TEMP_NAME.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && isAlive(pid)) continue;
    try {
      await rm(join(dir, entry), { force: true });
      swept.push(entry);
    } catch {
      // Leave it for the next start; it does no harm but take space.
    }
  }
  return swept;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
