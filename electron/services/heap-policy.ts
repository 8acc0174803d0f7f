// How far the JavaScript heap may grow between full collections, for a process that stays up.
// V8's default lets the old generation grow to as much as 4× what survived the last full
// collection, a setting made for throughput-bound servers. The engine's live heap is small (about
// 35 MB at 2,000 profiles) and the tray app runs for weeks, mostly idle: at 4× most of its resident
// memory was garbage waiting for a collection (peak RSS 230 MB at 2,000 profiles, 150 MB at 1.5×,
// with the same event-loop delay; `npm run bench` prints both). The flag is read at every full
// collection, so setting it at run time works, in Electron's main process too, where heap flags
// given at launch cannot be set by the app itself.

import { setFlagsFromString } from 'node:v8';

/** The old generation may grow by this percentage of the live heap before the next full collection. */
export const HEAP_GROWING_PERCENT = 50;

/** For the long-lived entry points (desktop app, Node mode), before the engine starts. */
export function applyResidentHeapPolicy(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
