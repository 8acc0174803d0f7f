// Exit codes of `tokentray`, one per class of failure, so scripts can branch on them. Documented in
// `tokentray --help` and the README; never renumber.

import type { AgentCallErrorCode } from '../shared/agent-protocol.js';

export const EXIT = {
  ok: 0,
  /** Anything else: a bad answer, a storage failure, a profile that cannot work as configured, an unreadable import file. */
  failure: 1,
  /** Wrong arguments or options. */
  usage: 2,
  /** No TokenTray is running for the data folder (and none can be run here), or its holder does not answer. */
  notRunning: 3,
  /** The profile needs the user to sign in (again). */
  signInRequired: 4,
  /** No such profile (or no profile at all). */
  unknownProfile: 5,
  /** The identity provider could not be reached or kept failing (timeouts, 5xx, 429). */
  network: 6,
} as const;

/** Every code an agent call can fail with, each named: a code added to the protocol fails the build here until it has an exit code. */
const BY_CODE: Record<AgentCallErrorCode, number> = {
  usage: EXIT.usage,
  not_running: EXIT.notRunning,
  not_answering: EXIT.notRunning,
  busy: EXIT.notRunning,
  desktop_vault: EXIT.notRunning,
  memory_only: EXIT.notRunning,
  signin_required: EXIT.signInRequired,
  unknown_profile: EXIT.unknownProfile,
  no_profiles: EXIT.unknownProfile,
  network: EXIT.network,
  invalid_request: EXIT.failure,
  unsupported_version: EXIT.failure,
  config: EXIT.failure,
  storage: EXIT.failure,
  internal: EXIT.failure,
  invalid_answer: EXIT.failure,
  forbidden: EXIT.failure,
  untrusted_folder: EXIT.failure,
  gateway: EXIT.failure,
};

export const exitCodeFor = (code: AgentCallErrorCode): number => BY_CODE[code];

export const EXIT_CODES_HELP = `Exit codes:
  0  success (for exec: the program's own exit code; for status --check: every profile valid)
  1  other failure (bad answer, storage, profile misconfigured, import file unreadable, a data folder others could change; status --check: a profile without a valid token)
  2  usage error
  3  no TokenTray is running for the data folder and none can run here (desktop-app vault, memory-only secrets), or its holder does not answer in time
  4  sign-in required
  5  unknown profile, or no profiles
  6  network: the identity provider could not be reached`;
