// What the engine needs of a demo identity provider, so a fresh machine with nothing configured
// still shows real tokens being refreshed. The engine never starts one itself: the entry points
// pass `startDemo` (the sandbox IdP in electron/sandbox/), and without it there is no demo.

import type { ProfileConfig } from '../../shared/domain.js';
import type { ProfileSecrets } from './contracts.js';

export interface DemoProfile {
  profile: ProfileConfig;
  /** The secrets of a fresh demo session (client secret, a newly minted refresh token). */
  secrets: ProfileSecrets;
}

export interface DemoPeer {
  /** Where the demo peer listens, shown to the user. */
  readonly baseUrl: string;
  /** The demo profiles pointing at this peer; asked once per start, each with a fresh session. */
  demoProfiles(): DemoProfile[];
  /** Stops the peer when the engine stops. */
  close(): Promise<void>;
}

/** Starts the demo peer; called only when no profile and no GENESYS_* variable is configured. */
export type StartDemo<Demo extends DemoPeer = DemoPeer> = () => Promise<Demo>;
