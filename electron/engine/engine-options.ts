// What a TokenEngine is started with: the data folder and its cipher, and the seams tests and
// entry points inject (clock, network, demo peer, browser opener).

import type { OpenSettingsBackend } from './config/settings-store.js';
import type { Clock, Logger } from './contracts.js';
import type { DemoPeer, StartDemo } from './demo-peer.js';
import type { FetchFunction } from './http/fetch-with-timeout.js';
import type { RetryPolicy } from './refresher/refresher.js';
import type { Timers } from './timers.js';
import type { Cipher } from './vault/cipher.js';

export interface TokenEngineOptions<Demo extends DemoPeer = DemoPeer> {
  dataDir: string;
  cipher: Cipher;
  env?: Record<string, string | undefined>;
  /** The engine's one clock, now and timers; a clock with no timers runs on the real ones. */
  clock?: Clock & Partial<Timers>;
  logger?: Logger;
  /** How settings.json is opened: conf by default; the desktop app passes electron-store. */
  openSettings?: OpenSettingsBackend;
  /**
   * Starts a demo peer (the entry points pass the sandbox IdP) when no profile and no GENESYS_*
   * variable is configured; its demo profiles are shown. Absent: nothing configured means no profiles.
   */
  startDemo?: StartDemo<Demo>;
  retryPolicy?: Partial<RetryPolicy>;
  /** Start refreshing at once (default true); tests may want to drive refreshes themselves. */
  autoStart?: boolean;
  /** Opens the system browser for sign-in (Electron: shell.openExternal). */
  openBrowser?: (url: string) => void | Promise<void>;
  /** How long a browser sign-in may take (default 5 minutes). */
  signInTimeoutMs?: number;
  /** The network for every request the engine makes (Electron: net.fetch; Node mode: proxy-aware undici). */
  fetch?: FetchFunction;
  /** How many refreshes and tokens/me checks of TokenTray's own run at once (default 48). */
  requestConcurrency?: number;
  /** Randomness for spreading refreshes and retries (tests pin it). */
  random?: () => number;
}
