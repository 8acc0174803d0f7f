// Puts a token on the clipboard and clears it after a delay, but only if the clipboard still
// holds what we put there: the user may have copied something else meanwhile, which we must not
// destroy. Plain TypeScript over a two-method port, so it is testable without Electron.

import { unrefTimers, type Timers } from '../engine/index.js';

export type { Timers };

/** Electron's clipboard (whose reads may be asynchronous in newer versions) or a test fake. */
export interface ClipboardPort {
  writeText(text: string): void | Promise<void>;
  readText(): string | Promise<string>;
}

export class ClipboardGuard {
  private pending: { handle: unknown; text: string } | undefined;

  constructor(private readonly clipboard: ClipboardPort, private readonly now: () => number = Date.now, private readonly timers: Timers = unrefTimers) {}

  /** Copies `text`; returns when it will be cleared (null when clearAfterMs is 0: never). */
  copy(text: string, clearAfterMs: number): number | null {
    this.cancel();
    void this.clipboard.writeText(text);
    if (clearAfterMs <= 0) return null;
    const handle = this.timers.setTimeout(() => void this.clearIfUnchanged(), clearAfterMs);
    this.pending = { handle, text };
    return this.now() + clearAfterMs;
  }

  /** On quit: clear now if the clipboard still holds our token. */
  async clearIfUnchanged(): Promise<boolean> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending || (await this.clipboard.readText()) !== pending.text) return false;
    await this.clipboard.writeText('');
    return true;
  }

  private cancel(): void {
    if (this.pending) this.timers.clearTimeout(this.pending.handle);
    this.pending = undefined;
  }
}
