// The error codes a dashboard call can answer with: one closed list, so a `switch` or a
// `Record<IpcErrorCode, …>` on the receiving side is checked by the compiler when a code is added,
// and a code outside it is a contract violation the receiving side rejects.
// Process-neutral like the rest of shared/.

/** Failures of the call itself: decided by the main process's dispatcher or the IPC adapter. */
export const CALL_ERROR_CODES = ['unknown_channel', 'forbidden_sender', 'invalid_payload', 'internal_error'] as const;

/**
 * Failures of the way there: the browser dashboard's server (no session, a used or unknown link,
 * a body too large) or the transport on the receiving side (nothing usable came back).
 */
export const TRANSPORT_ERROR_CODES = ['disconnected', 'no_session', 'link_used', 'invalid_link', 'too_large', 'invalid_answer', 'http_error'] as const;

/**
 * How the engine classifies a failure. A problem whose own code is not one of ours (a server's
 * OAuth `error`, an HTTP status) crosses as its kind; the message still carries the server's words.
 */
export const FAILURE_KINDS = ['rate_limited', 'transient', 'grant_rejected', 'config', 'storage'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** The engine's and the app services' own problem codes, each with a message saying what to do. */
export const PROBLEM_CODES = [
  // profiles and settings
  'unknown_profile', 'nothing_to_restore', 'profile_changed', 'invalid_setting', 'invalid_webhook', 'clipboard_unavailable',
  // token requests
  'signin_needed', 'missing_client_secret', 'grant_revoked', 'network', 'timeout', 'server_error', 'unexpected_status',
  'malformed_response', 'redirect_refused', 'endpoint_unavailable', 'unexpected', 'vault_write_failed',
  // sign-in
  'no_browser_signin', 'no_authorization_endpoint', 'invalid_refresh_token', 'invalid_redirect_uri', 'redirect_port_in_use', 'authorization_error',
  'redirect_port_held_by_tokentray', 'signin_timeout', 'signin_cancelled', 'device_flow_unavailable',
  'device_authorization_failed', 'unsafe_verification_uri', 'expired_token', 'access_denied',
  // token inspection
  'invalid_jwks_url',
  // the local gateway's consumer keys
  'gateway_unavailable', 'gateway_refused',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const IPC_ERROR_CODES = [...CALL_ERROR_CODES, ...TRANSPORT_ERROR_CODES, ...FAILURE_KINDS, ...PROBLEM_CODES] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

const PROBLEM_CODE_SET: ReadonlySet<string> = new Set(PROBLEM_CODES);

/** The code a problem crosses the boundary with: its own when it is one of ours, else its kind. */
export function ipcCodeOfProblem(code: string, kind: FailureKind): IpcErrorCode {
  return PROBLEM_CODE_SET.has(code) ? (code as ProblemCode) : kind;
}
