// Appending to a journal file durably: the bytes are written at the end and fdatasync'd before the
// promise resolves. The file must exist: a journal's first write (with its header) is an atomic
// replacement, so an append never creates a headerless file, even if the file was deleted meanwhile.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export async function appendDurably(file: string, data: string): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND);
  try {
    await handle.writeFile(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
