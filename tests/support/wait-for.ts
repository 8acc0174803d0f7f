// Waiting in a test for something the event loop, a server or another process will do: the
// condition is polled (vitest's vi.waitFor) until it holds, so a loaded CI machine only makes the
// wait longer. A fixed sleep would either waste time or, on a slow day, assert too early.

import { vi } from 'vitest';

type Probe<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/** The probe's first truthy answer; fails naming `what` when none comes within `timeoutMs`. */
export function waitFor<T>(probe: Probe<T>, what: string, timeoutMs = 10_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (!value) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      return value;
    },
    { timeout: timeoutMs, interval: 20 },
  );
}
