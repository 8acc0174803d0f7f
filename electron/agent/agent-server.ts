// The local agent's server: a Unix domain socket in the data folder, mode 0600, created under a
// temporary name and renamed into place only once its mode is set (so it is never reachable with
// looser permissions); a named pipe on Windows. One JSON request per line, one answer line each,
// in the IPC envelope. Every request is hostile until valibot says otherwise: oversized lines,
// non-JSON and unknown shapes are refused with a stable code, and garbage closes the connection.

import { chmod, rename, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import {
  AGENT_MAX_REQUEST_BYTES,
  AGENT_PROTOCOL_VERSION,
  AgentRequestSchema,
  describeRequestIssues,
  type AgentErrorCode,
  type AgentResponse,
} from '../../shared/agent-protocol.js';
import { silentLogger, type Logger } from '../engine/index.js';
import { toAgentError } from './agent-error.js';
import type { AgentService } from './agent-service.js';

export interface AgentServerOptions {
  socketPath: string;
  service: AgentService;
  logger?: Logger;
  maxConnections?: number;
  platform?: NodeJS.Platform;
}

export interface AgentServer {
  readonly socketPath: string;
  /** Requests being answered now, and when the last one arrived or finished (epoch ms). */
  activity(): { inFlight: number; lastActivityAt: number };
  /** Stops accepting, lets answers in flight finish, then closes every connection. */
  close(): Promise<void>;
}

const IDLE_CONNECTION_MS = 5 * 60_000;

export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const logger = options.logger ?? silentLogger;
  const platform = options.platform ?? process.platform;
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let closing = false;
  let lastActivityAt = Date.now();
  let drained: (() => void) | undefined;

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // the client went away; nothing to tell anyone
    socket.setTimeout(IDLE_CONNECTION_MS, () => socket.destroy());
    serveConnection(socket);
  });
  server.maxConnections = options.maxConnections ?? 512;

  function serveConnection(socket: Socket): void {
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (let newline = pending.indexOf(10); newline !== -1; newline = pending.indexOf(10)) {
        const line = pending.subarray(0, newline);
        pending = pending.subarray(newline + 1);
        if (!handleLine(socket, line)) return;
      }
      if (pending.length > AGENT_MAX_REQUEST_BYTES) refuse(socket, -1, 'invalid_request', `Requests are limited to ${AGENT_MAX_REQUEST_BYTES} bytes per line.`);
    });
  }

  /** Returns false when the connection was closed because of this line. */
  function handleLine(socket: Socket, line: Buffer): boolean {
    if (closing) {
      // Shutting down: hang up unanswered, so the client asks whoever owns the folder next.
      socket.destroy();
      return false;
    }
    if (line.length > AGENT_MAX_REQUEST_BYTES) return refuse(socket, -1, 'invalid_request', `Requests are limited to ${AGENT_MAX_REQUEST_BYTES} bytes per line.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.toString('utf8'));
    } catch {
      return refuse(socket, -1, 'invalid_request', `The request is not JSON. Send one JSON object per line (agent protocol v${AGENT_PROTOCOL_VERSION}).`);
    }
    const id = idOf(parsed);
    if (typeof parsed === 'object' && parsed !== null && 'v' in parsed && parsed.v !== AGENT_PROTOCOL_VERSION) {
      reply(socket, { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code: 'unsupported_version', message: `This TokenTray speaks agent protocol v${AGENT_PROTOCOL_VERSION}; update the client or TokenTray so both match.` } });
      return true;
    }
    const request = v.safeParse(AgentRequestSchema, parsed);
    if (!request.success) {
      reply(socket, { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code: 'invalid_request', message: describeRequestIssues(request.issues) } });
      return true;
    }
    inFlight += 1;
    lastActivityAt = Date.now();
    options.service(request.output)
      .then((value) => reply(socket, { v: AGENT_PROTOCOL_VERSION, id, ok: true, value }))
      .catch((error: unknown) => {
        const mapped = toAgentError(error);
        if (mapped.code === 'internal') logger.error('agent request failed', { method: request.output.method, error: error instanceof Error ? error.message : String(error) });
        reply(socket, { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code: mapped.code, message: mapped.message } });
      })
      .finally(() => {
        inFlight -= 1;
        lastActivityAt = Date.now();
        if (inFlight === 0) drained?.();
      });
    return true;
  }

  function reply(socket: Socket, response: AgentResponse): void {
    if (socket.destroyed || !socket.writable) return;
    let text: string;
    try {
      text = JSON.stringify(response);
    } catch {
      text = JSON.stringify({ v: AGENT_PROTOCOL_VERSION, id: response.id, ok: false, error: { code: 'internal', message: 'TokenTray could not encode its answer.' } });
    }
    socket.write(`${text}\n`);
  }

  function refuse(socket: Socket, id: number, code: AgentErrorCode, message: string): false {
    reply(socket, { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code, message } });
    socket.end();
    socket.destroySoon();
    return false;
  }

  await listenPrivately(server, options.socketPath, platform);
  logger.info('agent listening', { socket: options.socketPath });

  return {
    socketPath: options.socketPath,
    activity: () => ({ inFlight, lastActivityAt }),
    close: async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      for (const socket of sockets) socket.end();
      setTimeout(() => sockets.forEach((s) => s.destroy()), 200).unref();
      await stopped;
      if (platform !== 'win32') await rm(options.socketPath, { force: true });
    },
  };
}

function idOf(parsed: unknown): number {
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed)) return -1;
  const id = parsed.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
}

/** Binds under a temporary name, sets mode 0600, then renames into place (Unix). */
async function listenPrivately(server: Server, socketPath: string, platform: NodeJS.Platform): Promise<void> {
  const listen = (path: string) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (platform === 'win32') {
    await listen(socketPath);
    return;
  }
  // We hold the data-folder lock, so a socket file left here belongs to a crashed owner.
  await rm(socketPath, { force: true });
  const temporary = join(dirname(socketPath), `.a${process.pid}`);
  await rm(temporary, { force: true });
  await listen(temporary);
  try {
    await chmod(temporary, 0o600);
    await rename(temporary, socketPath);
  } catch (error) {
    server.close();
    await rm(temporary, { force: true });
    throw error;
  }
}
