// The sandbox as the engine's demo peer: what the entry points pass as `startDemo`, so that with
// nothing configured the app shows the sandbox's demo profiles. The result is still the whole
// SandboxIdp, so tests reach its admin features through `engine.sandbox`.

import type { DemoPeer, StartDemo } from '../engine/index.js';
import { sandboxDemoSet } from './demo-profiles.js';
import { startSandboxIdp, type SandboxIdp, type SandboxOptions } from './sandbox-idp.js';

export type SandboxDemo = SandboxIdp & DemoPeer;

export async function startSandboxDemo(options: SandboxOptions = {}): Promise<SandboxDemo> {
  const idp = await startSandboxIdp(options);
  return Object.assign(idp, { demoProfiles: () => sandboxDemoSet(idp) });
}

/** `startDemo` for TokenEngine.start: starts the sandbox with these options when it is needed. */
export function sandboxDemo(options: SandboxOptions = {}): StartDemo<SandboxDemo> {
  return () => startSandboxDemo(options);
}
