// Domain types shared by the main process, the preload and the renderer.
// Process-neutral on purpose: nothing here may import node, electron or react, and no type
// here ever carries a raw token or secret (those stay inside the main process's vault).

export type ProfileId = string;

/** How a profile obtains tokens. */
export type GrantKind =
  /** Confidential client, browser sign-in once, then refresh tokens (rotated on every refresh). */
  | 'authorization_code'
  /** Service client: no refresh token, "refresh" means minting a new token with the secret. */
  | 'client_credentials'
  /** Public client with PKCE: no client secret, no refresh token assumed; sign in again near expiry. */
  | 'pkce';

export const GRANT_KINDS: readonly GrantKind[] = ['authorization_code', 'client_credentials', 'pkce'];

/** Where tokens come from. Genesys regions are stored normalised to their domain. */
export type ProviderConfig =
  | {
      kind: 'genesys';
      /** Normalised region domain, e.g. `mypurecloud.ie`. */
      domain: string;
      /** Gateway override for `https://login.<domain>`. */
      loginBaseUrl?: string;
      /** Gateway override for `https://api.<domain>`. */
      apiBaseUrl?: string;
    }
  | {
      kind: 'oidc';
      /** Issuer URL; `<issuer>/.well-known/openid-configuration` is the discovery document. */
      issuer: string;
      /** Audience expected in JWT access tokens; defaults to the client id when absent. */
      audience?: string;
    };

/** A profile without its secrets: safe to keep in settings and to show in the renderer. */
export interface ProfileConfig {
  id: ProfileId;
  name: string;
  provider: ProviderConfig;
  grant: GrantKind;
  clientId: string;
  /** Scopes the user needs; compared against what the token was actually granted. */
  requiredScopes: string[];
  /** Loopback redirect URI registered on the OAuth client (sign-in flows). */
  redirectUri?: string;
  /** True for the built-in demo profiles backed by the sandbox identity provider. */
  sandbox?: boolean;
}

/** The states a profile moves through; the tray shows the worst one. */
export type ProfileState =
  | 'no_token' // nothing obtained yet (or secrets memory-only and lost on restart)
  | 'expired' // a token was obtained but its lifetime (or the org's idle timeout) has run out
  | 'valid'
  | 'expiring' // valid but within the warning window and not yet renewed
  | 'refreshing'
  | 'retrying' // a refresh failed transiently; the current token is still served while retrying
  | 'signin_required' // the grant was rejected: the user must sign in again
  | 'error'; // something we cannot fix by retrying (bad config, storage failure)

/** Ordered from best to worst, so the tray can pick the worst state across profiles. */
export const PROFILE_STATE_SEVERITY: Record<ProfileState, number> = {
  valid: 0,
  refreshing: 1,
  expiring: 2,
  retrying: 3,
  no_token: 4,
  expired: 5,
  signin_required: 6,
  error: 7,
};

/** A failure explained for people: a stable code, a sentence saying what to do, and the server's words. */
export interface ProblemInfo {
  code: string;
  message: string;
  /** OAuth `error` from the server, when one was returned (e.g. `invalid_grant`). */
  serverError?: string;
  serverDescription?: string;
  httpStatus?: number;
  at: number;
}

export type ScopeSource = 'token_response' | 'jwt_claim' | 'tokens_me' | 'none';

export interface ScopeView {
  required: string[];
  granted: string[];
  /** Required but not granted. */
  missing: string[];
  /** Granted but not required. */
  extra: string[];
  source: ScopeSource;
  /** Client-credentials clients on Genesys are governed by roles, not scopes. */
  governedByRoles: boolean;
}

export interface ScopeDrift {
  added: string[];
  removed: string[];
  at: number;
}

export interface ProfileStatus {
  profile: ProfileConfig;
  state: ProfileState;
  /** Epoch ms; stamped from `expires_in` at the moment the response was received. */
  expiresAt?: number;
  issuedAt?: number;
  /** Epoch ms when the Genesys org idle timeout will kill the token (from tokens/me). */
  idleAt?: number;
  nextRefreshAt?: number;
  retry?: { attempt: number; nextAttemptAt: number };
  lastError?: ProblemInfo;
  lastRefreshAt?: number;
  tokenFormat?: 'jwt' | 'opaque';
  /** Masked preview such as `eyJh…k3Zq`: enough to recognise, useless to steal. */
  tokenPreview?: string;
  scopes: ScopeView;
  lastDrift?: ScopeDrift;
  /** A sign-in waiting for the user, whoever started it (any dashboard tab can show or cancel it). */
  pendingSignIn?: PendingSignInView;
  /** Trouble ahead, said before it happens (shown as a banner and raised once as a notice). */
  warnings?: StatusWarning[];
  /** Organization name learned from Genesys tokens/me, so cards say which org a token belongs to. */
  organization?: string;
}

export interface PendingSignInView {
  kind: 'browser' | 'device';
  startedAt: number;
  expiresAt: number;
  /** Browser: the authorize URL (state and PKCE challenge only, no secret). Device: the verification URL. */
  url?: string;
  /** Device sign-in: the code to type on the other device. */
  userCode?: string;
  /** Browser: the loopback port TokenTray listens on for the redirect. */
  port?: number;
}

export interface StatusWarning {
  code: 'first_token_failing' | 'expiry_while_failing' | 'idle_while_failing' | 'no_refresh_token_idle';
  message: string;
  /** When the trouble hits (token expiry or idle deadline), epoch ms. */
  at?: number;
}

export interface LatencySample {
  at: number;
  ms: number;
  ok: boolean;
  /** Error code for failed samples. */
  code?: string;
}

export interface MetricsSummary {
  /** Refreshes that ended with a new token: one per refresh, however many attempts it took. */
  successes: number;
  /** Refreshes that ended without one (after their retries). */
  failures: number;
  /** Tries sent to the token endpoint, retries included. */
  attempts: number;
  /** Tries that failed, including those a later retry of the same refresh made good. */
  failedAttempts: number;
  validityChecks: number;
  validityPassed: number;
  /** Checks that reached no verdict (keys unreachable, rate-limited): outside the validity rate. */
  validityUnverified: number;
  /**
   * Share of refreshes and validity checks that ended with a valid token (each refresh counted
   * once, not per attempt), or null before the first of either.
   */
  validityRate: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  samples: LatencySample[];
}

export const AUDIT_EVENT_TYPES = [
  'refresh_succeeded',
  'refresh_failed',
  'signin_required',
  'signed_in',
  'signed_out',
  'token_copied',
  'token_issued',
  'scope_drift',
  'validated',
  'webhook_delivered',
  'webhook_failed',
  'webhook_dropped',
  'vault_recovered',
  'profile_changed',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEntry {
  /** ISO 8601 time. */
  at: string;
  type: AuditEventType;
  profileId?: ProfileId;
  /** Flat, secret-free details. */
  detail: Record<string, string | number | boolean | null>;
}

export type VerificationStatus = 'verified' | 'unverified' | 'failed';

export interface JwtInspection {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  verification: { status: VerificationStatus; reason?: string; keyId?: string };
}

/** Genesys `GET /api/v2/tokens/me` as the dashboard shows it. */
export interface GenesysIntrospection {
  organization?: { id: string; name?: string };
  homeOrganization?: { id: string; name?: string };
  authorizedScope: string[];
  clonedUser?: { id: string; name?: string };
  oauthClient?: { id: string; name?: string; authorizedGrantType?: string; scope?: string[] };
  /** Epoch ms the token idles out. */
  idleAt?: number;
}

export interface StorageProtection {
  /** e.g. `keychain`, `dpapi`, `gnome_libsecret`, `basic_text`, `test-aes-gcm`. */
  backend: string;
  /** True when the OS backend really encrypts (not Linux's `basic_text`). */
  strong: boolean;
  /** True when secrets are written to disk; false means memory-only. */
  persistent: boolean;
  message: string;
}

/** One invalid field of a profile, named so the user can fix it (secrets masked in `value`). */
export interface FieldProblem {
  profile: string;
  field: string;
  value: string;
  message: string;
  validChoices?: string[];
}

/** What the dashboard shows for a token: a verified/decoded JWT or Genesys introspection. */
export type TokenInspection =
  | { kind: 'none'; reason: string }
  | { kind: 'jwt'; jwt: JwtInspection }
  | { kind: 'genesys'; introspection: GenesysIntrospection; jwt?: JwtInspection };

export interface ValidationReport {
  profileId: ProfileId;
  valid: boolean;
  at: number;
  message: string;
  inspection: TokenInspection;
}

/** Non-secret engine settings, as shown and edited in the dashboard. */
export interface EngineSettings {
  webhookUrl: string | null;
  refreshFraction: number;
  refreshMaxLeadSec: number;
  clipboardClearSec: number;
  persistSecretsWithWeakProtection: boolean;
  autoRefreshPaused: boolean;
  /** Warn this many minutes before a token or its idle deadline runs out while refreshing fails. */
  warnBeforeMin: number;
}

export interface GenesysRegionInfo {
  key: string;
  domain: string;
  label: string;
}
