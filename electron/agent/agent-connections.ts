// The agent's open connections, kept so that no one client can starve the others: a connection must
// ask within a short time of opening and is closed once idle; at capacity the oldest idle connection
// makes room for a new one; and one client (by the pid it states) may hold only so many connections.
// Timers come from an injected scheduler, so tests drive them without waiting.

import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** A new connection must send its first request line within this time. */
  firstRequestMs: number;
  /** A connection with nothing in flight is closed after this long. */
  idleMs: number;
  /** Open connections in all; at this number the oldest idle one is closed for a newcomer. */
  maxConnections: number;
  /** Connections one client (by stated pid) may hold at once. */
  maxPerClient: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { firstRequestMs: 5_000, idleMs: 15_000, maxConnections: 256, maxPerClient: 64 };

/** Runs `fn` after `ms`; returns a cancel function. */
export type Scheduler = (ms: number, fn: () => void) => () => void;

export const realScheduler: Scheduler = (ms, fn) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

interface Connection {
  socket: Socket;
  clientPid: number | undefined;
  inFlight: number;
  cancelTimer: () => void;
}

export class ConnectionTable {
  private readonly connections = new Map<Socket, Connection>();

  constructor(private readonly limits: ConnectionLimits, private readonly schedule: Scheduler) {}

  get size(): number {
    return this.connections.size;
  }

  sockets(): Socket[] {
    return [...this.connections.keys()];
  }

  /** Admits a new connection, closing the oldest idle one when full; false when every slot is busy answering. */
  admit(socket: Socket): boolean {
    if (this.connections.size >= this.limits.maxConnections) {
      const idle = [...this.connections.values()].find((c) => c.inFlight === 0);
      if (!idle) return false;
      this.drop(idle.socket);
    }
    const connection: Connection = { socket, clientPid: undefined, inFlight: 0, cancelTimer: () => {} };
    this.connections.set(socket, connection);
    socket.once('close', () => this.forget(socket));
    this.arm(connection, this.limits.firstRequestMs);
    return true;
  }

  /**
   * A request arrived from `clientPid` on `socket`: false when that client already holds its share
   * of connections (the caller answers `busy`). Otherwise its idle timer stops until it is answered.
   */
  requestStarted(socket: Socket, clientPid: number): boolean {
    const connection = this.connections.get(socket);
    if (!connection) return false;
    if (connection.clientPid === undefined) {
      const held = [...this.connections.values()].filter((c) => c.clientPid === clientPid).length;
      if (held >= this.limits.maxPerClient) return false;
      connection.clientPid = clientPid;
    }
    connection.inFlight += 1;
    connection.cancelTimer();
    return true;
  }

  requestFinished(socket: Socket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    connection.inFlight -= 1;
    if (connection.inFlight === 0) this.arm(connection, this.limits.idleMs);
  }

  private arm(connection: Connection, ms: number): void {
    connection.cancelTimer();
    connection.cancelTimer = this.schedule(ms, () => {
      if (connection.inFlight === 0) this.drop(connection.socket);
    });
  }

  private drop(socket: Socket): void {
    this.forget(socket);
    socket.destroy();
  }

  private forget(socket: Socket): void {
    this.connections.get(socket)?.cancelTimer();
    this.connections.delete(socket);
  }
}
