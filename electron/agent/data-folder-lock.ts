// One TokenTray process per data folder: an exclusive lock taken before the engine opens the
// vault, so two processes never refresh (and rotate) the same refresh token.
//
// The lock is proper-lockfile's: an atomic mkdir of `tokentray.lock` whose mtime the owner touches
// every few seconds. Beside it, `tokentray.owner.json` says who holds it (pid, mode, command, start
// time, and which lock directory it made), so a second instance can say which process to use or
// stop. Crashed owners: when the owner file describes the very lock directory present and its pid
// is gone from this machine, the lock is taken over at once; otherwise (another machine, an owner
// file from an older lock) a lock not touched for LOCK_STALE_MS is.

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
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
  /** The marker this owner put inside the lock directory, so its note is never mistaken for a later lock's. */
  lockId?: string;
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
  const take = () => lockfile.lock(dataDir, {
    lockfilePath: join(dataDir, LOCK_DIR),
    realpath: false,
    stale: staleMs,
    retries: 0,
    onCompromised: (error) => options.onLost?.(`TokenTray lost the lock on ${dataDir} (${error.message}); another process may now own it.`),
  });
  let release: () => Promise<void>;
  try {
    release = await take().catch(async (error: NodeJS.ErrnoException) => {
      // proper-lockfile removes a stale lock with rmdir, which our marker inside refuses: clear it and retry once.
      if (error.code !== 'ENOTEMPTY' || !(await clearStaleLock(dataDir, staleMs))) throw error;
      return take();
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await currentHolder(dataDir);
    const holderRunning = holder ? isRunningHere(holder) : undefined;
    const retried = holder && holderRunning === false ? await takeOverDeadHolder(dataDir, holder).then((removed) => (removed ? take().catch(() => undefined) : undefined)) : undefined;
    if (!retried) {
      // Name the holder only while it runs: a dead owner's note is no help to anyone.
      const live = holderRunning === false ? undefined : holder;
      return { acquired: false, holder: live, holderRunning: live ? holderRunning : undefined, message: describeBusyFolder(dataDir, live, live ? holderRunning : undefined, staleMs) };
    }
    release = retried;
  }

  // A random name inside the lock directory ties the owner note to this lock and no later one.
  const lockId = randomBytes(8).toString('hex');
  await writeMarker(join(dataDir, LOCK_DIR), lockId);
  const owner: LockOwner = { pid: process.pid, mode: options.mode, command: options.command, hostname: hostname(), startedAt: new Date().toISOString(), lockId };
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
        await rm(join(dataDir, LOCK_DIR, lockId), { force: true });
        await release().catch(() => {});
      },
    },
  };
}

/**
 * Creating a file changes the directory's mtime, which proper-lockfile watches to detect a takeover:
 * put the mtime it set back, or it would call its own lock compromised at the next touch.
 */
async function writeMarker(lockDir: string, lockId: string): Promise<void> {
  const before = await stat(lockDir);
  await writeFile(join(lockDir, lockId), '', { mode: 0o600 });
  await utimes(lockDir, before.atime, before.mtime);
}

const hasMarker = (lockDir: string, lockId: string): Promise<boolean> => stat(join(lockDir, lockId)).then(() => true, () => false);

/** The owner file's holder, but only when it describes the lock directory present now (else: someone is just starting). */
async function currentHolder(dataDir: string): Promise<LockOwner | undefined> {
  const owner = await readLockOwner(dataDir);
  if (!owner?.lockId) return owner; // written before lock ids: trust it as before
  return (await hasMarker(join(dataDir, LOCK_DIR), owner.lockId)) ? owner : undefined;
}

/**
 * Moves the lock directory aside (atomic) and keeps it removed only if `isTheOneToRemove` holds for
 * what was moved: if a concurrent starter replaced the lock meanwhile, its lock is put back.
 */
async function removeLockIf(dataDir: string, isTheOneToRemove: (movedDir: string) => Promise<boolean>): Promise<boolean> {
  const lockDir = join(dataDir, LOCK_DIR);
  const aside = join(dataDir, `${LOCK_DIR}.gone-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(lockDir, aside);
  } catch {
    return false; // someone else took it over first
  }
  if (await isTheOneToRemove(aside)) {
    await rm(aside, { recursive: true, force: true });
    return true;
  }
  await rename(aside, lockDir).catch(() => {});
  return false;
}

/** A lock whose owner died on this machine: its marker proves the note describes it. */
const takeOverDeadHolder = (dataDir: string, dead: LockOwner): Promise<boolean> =>
  dead.lockId ? removeLockIf(dataDir, (moved) => hasMarker(moved, dead.lockId!)) : Promise.resolve(false);

/** A lock nobody touched for the stale time (its owner crashed where we cannot see, e.g. another machine). */
const clearStaleLock = (dataDir: string, staleMs: number): Promise<boolean> =>
  removeLockIf(dataDir, async (moved) => {
    const info = await stat(moved).catch(() => undefined);
    return info !== undefined && info.mtimeMs < Date.now() - staleMs;
  });

/** Who holds (or last held) the folder, from the advisory owner file. */
export async function readLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dataDir, OWNER_FILE), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const o = parsed as Record<string, unknown>;
    if (typeof o.pid !== 'number' || typeof o.command !== 'string' || typeof o.hostname !== 'string' || typeof o.startedAt !== 'string') return undefined;
    const mode: OwnerMode = o.mode === 'desktop' || o.mode === 'node' || o.mode === 'cli' ? o.mode : 'node';
    return { pid: o.pid, mode, command: o.command.slice(0, 200), hostname: o.hostname.slice(0, 200), startedAt: o.startedAt.slice(0, 40), ...(typeof o.lockId === 'string' ? { lockId: o.lockId.slice(0, 80) } : {}) };
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
    return `The data folder ${dataDir} is locked by a TokenTray process that is no longer running; its lock expires within ${seconds} s. Try again then.`;
  }
  return `The data folder ${dataDir} is in use by ${who}. Only one TokenTray may refresh its tokens at a time: use that one (tokentray commands talk to it), or quit it first (kill ${holder.pid}) and start again.`;
}
