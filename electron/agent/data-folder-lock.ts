// One TokenTray process per data folder: an exclusive lock taken before the engine opens the
// vault, so two processes never refresh (and rotate) the same refresh token.
//
// The lock is proper-lockfile's: an atomic mkdir of `tokentray.lock` whose mtime the owner touches
// every few seconds. Stale rule for crashed owners: a lock not touched for LOCK_STALE_MS is taken
// over. Beside it, `tokentray.owner.json` says who holds it (pid, mode, command, start time), so a
// second instance can say which process to use or stop. The owner file is only ever advisory.

import { hostname } from 'node:os';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export const LOCK_STALE_MS = 10_000;
const LOCK_DIR = 'tokentray.lock';
const OWNER_FILE = 'tokentray.owner.json';

export type OwnerMode = 'desktop' | 'node' | 'cli';

export interface LockOwner {
  pid: number;
  mode: OwnerMode;
  /** What the owner is, in words: "desktop app", "npm start (browser dashboard)", "tokentray token". */
  command: string;
  hostname: string;
  startedAt: string;
}

export interface HeldDataFolderLock {
  readonly dataDir: string;
  readonly owner: LockOwner;
  /** Lets go of the folder (idempotent). */
  release(): Promise<void>;
}

export type LockAttempt =
  | { acquired: true; lock: HeldDataFolderLock }
  | { acquired: false; holder: LockOwner | undefined; holderRunning: boolean | undefined; message: string };

export interface LockOptions {
  mode: OwnerMode;
  command: string;
  /** Called if the lock was lost while held (the process was suspended past the stale time and another took over). */
  onLost?: (message: string) => void;
  staleMs?: number;
}

const MODE_WORDS: Record<OwnerMode, string> = {
  desktop: 'the TokenTray desktop app',
  node: 'TokenTray under Node (npm start, browser dashboard)',
  cli: 'a tokentray command serving one request',
};

/** Tries once to take the data folder; never waits. */
export async function tryLockDataFolder(dataDir: string, options: LockOptions): Promise<LockAttempt> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const staleMs = options.staleMs ?? LOCK_STALE_MS;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, LOCK_DIR),
      realpath: false,
      stale: staleMs,
      retries: 0,
      onCompromised: (error) => options.onLost?.(`TokenTray lost the lock on ${dataDir} (${error.message}); another process may now own it.`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readLockOwner(dataDir);
    const holderRunning = holder ? isRunningHere(holder) : undefined;
    return { acquired: false, holder, holderRunning, message: describeBusyFolder(dataDir, holder, holderRunning, staleMs) };
  }

  const owner: LockOwner = { pid: process.pid, mode: options.mode, command: options.command, hostname: hostname(), startedAt: new Date().toISOString() };
  const ownerFile = join(dataDir, OWNER_FILE);
  const temp = `${ownerFile}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(owner), { mode: 0o600 });
  await rename(temp, ownerFile);

  let released = false;
  return {
    acquired: true,
    lock: {
      dataDir,
      owner,
      release: async () => {
        if (released) return;
        released = true;
        // Remove our owner note only if it is still ours (a takeover may have replaced it).
        const current = await readLockOwner(dataDir);
        if (current?.pid === owner.pid && current.startedAt === owner.startedAt) await rm(ownerFile, { force: true });
        await release().catch(() => {});
      },
    },
  };
}

/** Who holds (or last held) the folder, from the advisory owner file. */
export async function readLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dataDir, OWNER_FILE), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const o = parsed as Record<string, unknown>;
    if (typeof o.pid !== 'number' || typeof o.command !== 'string' || typeof o.hostname !== 'string' || typeof o.startedAt !== 'string') return undefined;
    const mode: OwnerMode = o.mode === 'desktop' || o.mode === 'node' || o.mode === 'cli' ? o.mode : 'node';
    return { pid: o.pid, mode, command: o.command.slice(0, 200), hostname: o.hostname.slice(0, 200), startedAt: o.startedAt.slice(0, 40) };
  } catch {
    return undefined;
  }
}

/** The folder's holder when it is a process running on this machine now (never a dead one's leftover note). */
export async function readLiveLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  const owner = await readLockOwner(dataDir);
  return owner && isRunningHere(owner) === true ? owner : undefined;
}

/** True/false when the holder is on this machine and we can tell; undefined otherwise. */
function isRunningHere(owner: LockOwner): boolean | undefined {
  if (owner.hostname !== hostname()) return undefined;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeBusyFolder(dataDir: string, holder: LockOwner | undefined, running: boolean | undefined, staleMs = LOCK_STALE_MS): string {
  const seconds = Math.ceil(staleMs / 1000);
  if (!holder) {
    return `The data folder ${dataDir} is locked by another TokenTray process that is just starting or stopping. Try again in a few seconds; a lock left by a crashed process expires within ${seconds} s.`;
  }
  const who = `${MODE_WORDS[holder.mode]} (pid ${holder.pid}${holder.hostname !== hostname() ? ` on ${holder.hostname}` : ''}, "${holder.command}", since ${holder.startedAt})`;
  if (running === false) {
    return `The data folder ${dataDir} was locked by ${who}, which is no longer running; its lock expires within ${seconds} s. Try again then.`;
  }
  return `The data folder ${dataDir} is in use by ${who}. Only one TokenTray may refresh its tokens at a time: use that one (tokentray commands talk to it), or quit it first (kill ${holder.pid}) and start again.`;
}
