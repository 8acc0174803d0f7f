// Bounded concurrency for the requests a fleet of profiles makes on its own (refreshes and
// tokens/me checks): at most `concurrency` in flight, the soonest-expiring token first, so 2,000
// profiles starting together queue instead of opening 2,000 sockets and stalling the event loop.
// A request a person or caller is waiting for jumps the queue.

import PQueue from 'p-queue';

export interface GatePriority {
  /** The token's expiry (epoch ms); undefined when there is no token, which is the most urgent. */
  expiresAt?: number;
  /** Someone is waiting on the answer (a forced refresh, a caller's expired token). */
  urgent?: boolean;
}

export const DEFAULT_GATE_CONCURRENCY = 48;

export class RequestGate {
  private readonly queue: PQueue;

  constructor(concurrency = DEFAULT_GATE_CONCURRENCY) {
    this.queue = new PQueue({ concurrency });
  }

  run<T>(task: () => Promise<T>, priority: GatePriority = {}): Promise<T> {
    return this.queue.add(task, { priority: rank(priority) });
  }

  /** Requests waiting for a slot and running now (for the benchmark and tests). */
  load(): { waiting: number; running: number } {
    return { waiting: this.queue.size, running: this.queue.pending };
  }
}

/** p-queue runs higher numbers first: urgent, then no token, then the soonest expiry. */
function rank({ expiresAt, urgent }: GatePriority): number {
  if (urgent) return Number.MAX_SAFE_INTEGER;
  if (expiresAt === undefined) return Number.MAX_SAFE_INTEGER - 1;
  return -Math.floor(expiresAt / 1000);
}
