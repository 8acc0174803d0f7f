// Where the agent listens for a data folder: `agent.sock` inside the folder on Unix (so the
// folder's own permissions guard it too), a per-folder named pipe on Windows. Shared by the agent
// and the CLI's thin client, so it imports nothing but Node's path and crypto.

import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** sun_path holds 108 bytes on Linux and 104 on macOS, including the terminating NUL. */
const MAX_UNIX_SOCKET_PATH_BYTES = 103;

export type SocketPathResult = { ok: true; path: string } | { ok: false; message: string };

export function agentSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform, env: Record<string, string | undefined> = process.env): SocketPathResult {
  if (env.TOKENTRAY_AGENT_SOCKET) return { ok: true, path: env.TOKENTRAY_AGENT_SOCKET };
  if (platform === 'win32') {
    const id = createHash('sha256').update(resolve(dataDir).toLowerCase()).digest('hex').slice(0, 16);
    return { ok: true, path: `\\\\.\\pipe\\tokentray-agent-${id}` };
  }
  const path = join(dataDir, 'agent.sock');
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_UNIX_SOCKET_PATH_BYTES) {
    return {
      ok: false,
      message: `The agent socket path ${path} is ${bytes} bytes long; Unix sockets allow ${MAX_UNIX_SOCKET_PATH_BYTES}. Set TOKENTRAY_DATA_DIR to a shorter folder (for every TokenTray process) and start again.`,
    };
  }
  return { ok: true, path };
}
