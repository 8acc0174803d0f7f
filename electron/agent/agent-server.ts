// The local agent's server: a Unix domain socket in the data folder, mode 0600, created under a
// temporary name and renamed into place only once its mode is set (so it is never reachable with
// looser permissions), and removed on close only while the path is still that file; a named pipe on
// Windows. One JSON request per line, one answer line each, in the IPC envelope. Connections are
// bounded (agent-connections.ts) so one client cannot starve the others. Every request is hostile
// until valibot says otherwise: oversized lines, non-JSON and unknown shapes are refused with a
// stable code, and garbage closes the connection.

import { chmod, lstat, rename, rm, stat } from 'node:fs/promises';
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
import { ConnectionTable, DEFAULT_CONNECTION_LIMITS, realScheduler, type ConnectionLimits, type Scheduler } from './agent-connections.js';
import type { AgentService } from './agent-service.js';

export interface AgentServerOptions {
  socketPath: string;
  service: AgentService;
  logger?: Logger;
  limits?: Partial<ConnectionLimits>;
  /** Timers for the connection limits (tests pass a manual one). */
  schedule?: Scheduler;
  platform?: NodeJS.Platform;
}

export interface AgentServer {
  readonly socketPath: string;
  /** Requests being answered now, and when the last one arrived or finished (epoch ms). */
  activity(): { inFlight: number; lastActivityAt: number };
  /** Stops accepting, lets answers in flight finish, then closes every connection. */
  close(): Promise<void>;
}

export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const logger = options.logger ?? silentLogger;
  const platform = options.platform ?? process.platform;
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const connections = new ConnectionTable(limits, options.schedule ?? realScheduler);
  let inFlight = 0;
  let closing = false;
  let lastActivityAt = Date.now();
  let drained: (() => void) | undefined;

  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy()); // the client went away; nothing to tell anyone
    if (!connections.admit(socket)) {
      socket.destroy(); // every connection is busy answering: this client retries or gives up on its own deadline
      return;
    }
    serveConnection(socket);
  });

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
    if (!connections.requestStarted(socket, request.output.client.pid)) {
      return refuse(socket, id, 'busy', `This client (pid ${request.output.client.pid}) already holds ${limits.maxPerClient} connections to TokenTray; close some, or wait for their answers.`);
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
        connections.requestFinished(socket);
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

  const ours = await listenPrivately(server, options.socketPath, platform);
  logger.info('agent listening', { socket: options.socketPath });

  return {
    socketPath: options.socketPath,
    activity: () => ({ inFlight, lastActivityAt }),
    close: async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      const open = connections.sockets();
      for (const socket of open) socket.end();
      setTimeout(() => open.forEach((s) => s.destroy()), 200).unref();
      await stopped;
      if (ours) await removeIfStillOurs(options.socketPath, ours);
    },
  };
}

function idOf(parsed: unknown): number {
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed)) return -1;
  const id = parsed.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
}

/** Which file a socket path named when we bound it: a later holder's socket at the same path is another file. */
interface SocketIdentity {
  dev: number;
  ino: number;
}

/**
 * Binds under a temporary name, sets mode 0600, then renames into place (Unix), atomically
 * replacing a crashed owner's socket file; returns the identity of the file we put there.
 */
async function listenPrivately(server: Server, socketPath: string, platform: NodeJS.Platform): Promise<SocketIdentity | undefined> {
  const listen = (path: string) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (platform === 'win32') {
    await listen(socketPath);
    return undefined;
  }
  const temporary = join(dirname(socketPath), `.a${process.pid}`);
  await rm(temporary, { force: true });
  await listen(temporary);
  try {
    await chmod(temporary, 0o600);
    const { dev, ino } = await stat(temporary);
    await rename(temporary, socketPath);
    return { dev, ino };
  } catch (error) {
    server.close();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A process that lost the folder must not delete the new holder's socket: remove the path only while it is still our file. */
async function removeIfStillOurs(socketPath: string, ours: SocketIdentity): Promise<void> {
  const current = await lstat(socketPath).catch(() => undefined);
  if (current && current.dev === ours.dev && current.ino === ours.ino) await rm(socketPath, { force: true });
}
