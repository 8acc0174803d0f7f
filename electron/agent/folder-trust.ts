// Trust in the data folder, like OpenSSH's StrictModes: TokenTray reads its profiles (which decide
// where secrets are sent) and talks to the agent socket only when the folder and everything in it
// belong to this user (or root) and no one else may write them. Otherwise another local user could
// point a profile at their own host, or serve fake tokens on their own `agent.sock`. Each problem
// comes with the exact command that fixes it. Not on Windows (no POSIX owners; the folder lives
// under the user's profile, whose ACLs already keep others out).

import { lstat, readdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface TrustOptions {
  uid?: number;
  userName?: string;
  platform?: NodeJS.Platform;
}

const quote = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;

/** Problems of one path (owner, group/other write), each with its fix; [] when trusted or absent. */
async function pathProblems(path: string, uid: number, userName: string): Promise<string[]> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return [];
  const problems: string[] = [];
  if (info.uid !== uid && info.uid !== 0) problems.push(`${path} belongs to another user (uid ${info.uid}); fix: sudo chown ${userName} ${quote(path)}`);
  // A symbolic link's own mode means nothing; sticky directories are not ours to have.
  if (!info.isSymbolicLink() && (info.mode & 0o022) !== 0) problems.push(`${path} is writable by ${(info.mode & 0o020) && (info.mode & 0o002) ? 'group and others' : info.mode & 0o020 ? 'its group' : 'others'}; fix: chmod go-w ${quote(path)}`);
  return problems;
}

/** Every problem of the folder and its files (one level down, and the audit folder's files). */
export async function folderTrustProblems(dataDir: string, options: TrustOptions = {}): Promise<string[]> {
  if ((options.platform ?? process.platform) === 'win32') return [];
  const uid = options.uid ?? process.getuid!();
  const userName = options.userName ?? userInfo().username;
  const problems = await pathProblems(dataDir, uid, userName);
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dataDir, entry.name);
    problems.push(...(await pathProblems(path, uid, userName)));
    if (entry.isDirectory() && entry.name === 'audit') {
      for (const name of await readdir(path).catch(() => [])) problems.push(...(await pathProblems(join(path, name), uid, userName)));
    }
  }
  return problems;
}

/** Only the folder and the socket: what the CLI checks before it believes an agent (two lstat calls). */
export async function socketTrustProblems(dataDir: string, socketPath: string, options: TrustOptions = {}): Promise<string[]> {
  if ((options.platform ?? process.platform) === 'win32') return [];
  const uid = options.uid ?? process.getuid!();
  const userName = options.userName ?? userInfo().username;
  return [...(await pathProblems(dataDir, uid, userName)), ...(await pathProblems(socketPath, uid, userName))];
}

export function untrustedMessage(dataDir: string, problems: readonly string[]): string {
  return `TokenTray will not use the data folder ${dataDir}: someone else could change it. ${problems.slice(0, 5).join('. ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`;
}
