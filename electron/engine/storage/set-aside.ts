// Unreadable files are moved aside, never deleted: the user (or support) may still recover them.

import { rename } from 'node:fs/promises';

export async function setAside(file: string, now: number): Promise<string> {
  const target = `${file}.corrupt-${now}`;
  await rename(file, target);
  return target;
}
