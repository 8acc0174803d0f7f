// The runtime shapes of the domain values that cross a boundary (IPC answers and events, the
// browser dashboard's HTTP answers). They are the one definition: domain.ts derives its types from
// them (v.InferOutput), so a field exists in both or in neither. Strict objects: a key the contract
// does not declare is rejected on the receiving side, not passed on into React state.

import * as v from 'valibot';
import { AUDIT_EVENT_TYPES, GRANT_KINDS, PROFILE_STATES, SCOPE_SOURCES, STATUS_WARNING_CODES, VERIFICATION_STATUSES } from './domain.js';

/** Epoch milliseconds. */
const epochMs = v.number();
const strings = v.array(v.string());

export const ProviderConfigSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('genesys'),
    /** Normalised region domain, e.g. `mypurecloud.ie`. */
    domain: v.string(),
    /** Gateway override for `https://login.<domain>`. */
    loginBaseUrl: v.optional(v.string()),
    /** Gateway override for `https://api.<domain>`. */
    apiBaseUrl: v.optional(v.string()),
  }),
  v.strictObject({
    kind: v.literal('oidc'),
    /** Issuer URL; `<issuer>/.well-known/openid-configuration` is the discovery document. */
    issuer: v.string(),
    /** Audience expected in JWT access tokens; defaults to the client id when absent. */
    audience: v.optional(v.string()),
  }),
]);

/** A profile without its secrets: safe to keep in settings and to show in the renderer. */
export const ProfileConfigSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  provider: ProviderConfigSchema,
  grant: v.picklist(GRANT_KINDS),
  clientId: v.string(),
  /** Scopes the user needs; compared against what the token was actually granted. */
  requiredScopes: strings,
  /** Loopback redirect URI registered on the OAuth client (sign-in flows). */
  redirectUri: v.optional(v.string()),
  /** True for the built-in demo profiles backed by the sandbox identity provider. */
  sandbox: v.optional(v.boolean()),
});

/** A failure explained for people: a code, a sentence saying what to do, and the server's words. */
export const ProblemInfoSchema = v.strictObject({
  /** One of PROBLEM_CODES, or the server's own (an OAuth `error`, `http_<status>`). */
  code: v.string(),
  message: v.string(),
  /** OAuth `error` from the server, when one was returned (e.g. `invalid_grant`). */
  serverError: v.optional(v.string()),
  serverDescription: v.optional(v.string()),
  httpStatus: v.optional(v.number()),
  at: epochMs,
});

export const ScopeViewSchema = v.strictObject({
  required: strings,
  granted: strings,
  /** Required but not granted. */
  missing: strings,
  /** Granted but not required. */
  extra: strings,
  source: v.picklist(SCOPE_SOURCES),
  /** Client-credentials clients on Genesys are governed by roles, not scopes. */
  governedByRoles: v.boolean(),
});

export const ScopeDriftSchema = v.strictObject({ added: strings, removed: strings, at: epochMs });

export const PendingSignInSchema = v.strictObject({
  kind: v.picklist(['browser', 'device']),
  startedAt: epochMs,
  expiresAt: epochMs,
  /** Browser: the authorize URL (state and PKCE challenge only, no secret). Device: the verification URL. */
  url: v.optional(v.string()),
  /** Device sign-in: the code to type on the other device. */
  userCode: v.optional(v.string()),
  /** Browser: the loopback port TokenTray listens on for the redirect. */
  port: v.optional(v.number()),
});

export const StatusWarningSchema = v.strictObject({
  code: v.picklist(STATUS_WARNING_CODES),
  message: v.string(),
  /** When the trouble hits (token expiry or idle deadline), epoch ms. */
  at: v.optional(epochMs),
});

export const ProfileStatusSchema = v.strictObject({
  profile: ProfileConfigSchema,
  state: v.picklist(PROFILE_STATES),
  /** Stamped from `expires_in` at the moment the response was received. */
  expiresAt: v.optional(epochMs),
  issuedAt: v.optional(epochMs),
  /** When the Genesys org idle timeout will kill the token (from tokens/me). */
  idleAt: v.optional(epochMs),
  nextRefreshAt: v.optional(epochMs),
  retry: v.optional(v.strictObject({ attempt: v.number(), nextAttemptAt: epochMs })),
  lastError: v.optional(ProblemInfoSchema),
  lastRefreshAt: v.optional(epochMs),
  tokenFormat: v.optional(v.picklist(['jwt', 'opaque'])),
  /** Masked preview such as `eyJh…k3Zq`: enough to recognise, useless to steal. */
  tokenPreview: v.optional(v.string()),
  scopes: ScopeViewSchema,
  lastDrift: v.optional(ScopeDriftSchema),
  /** A sign-in waiting for the user, whoever started it (any dashboard tab can show or cancel it). */
  pendingSignIn: v.optional(PendingSignInSchema),
  /** Trouble ahead, said before it happens (shown as a banner and raised once as a notice). */
  warnings: v.optional(v.array(StatusWarningSchema)),
  /** Organization name learned from Genesys tokens/me, so cards say which org a token belongs to. */
  organization: v.optional(v.string()),
});

export const LatencySampleSchema = v.strictObject({
  at: epochMs,
  ms: v.number(),
  ok: v.boolean(),
  /** Error code for failed samples. */
  code: v.optional(v.string()),
});

const nullableNumber = v.nullable(v.number());
export const MetricsSummarySchema = v.strictObject({
  /** Refreshes that ended with a new token: one per refresh, however many attempts it took. */
  successes: v.number(),
  /** Refreshes that ended without one (after their retries). */
  failures: v.number(),
  /** Tries sent to the token endpoint, retries included. */
  attempts: v.number(),
  /** Tries that failed, including those a later retry of the same refresh made good. */
  failedAttempts: v.number(),
  validityChecks: v.number(),
  validityPassed: v.number(),
  /** Checks that reached no verdict (keys unreachable, rate-limited): outside the validity rate. */
  validityUnverified: v.number(),
  /** Share of refreshes and validity checks that ended with a valid token (each refresh once), or null before the first. */
  validityRate: nullableNumber,
  meanMs: nullableNumber,
  p50Ms: nullableNumber,
  p95Ms: nullableNumber,
  samples: v.array(LatencySampleSchema),
});

export const AuditEntrySchema = v.strictObject({
  /** ISO 8601 time. */
  at: v.string(),
  type: v.picklist(AUDIT_EVENT_TYPES),
  profileId: v.optional(v.string()),
  /** Flat, secret-free details. */
  detail: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()])),
});

export const JwtInspectionSchema = v.strictObject({
  header: v.record(v.string(), v.unknown()),
  claims: v.record(v.string(), v.unknown()),
  verification: v.strictObject({ status: v.picklist(VERIFICATION_STATUSES), reason: v.optional(v.string()), keyId: v.optional(v.string()) }),
});

const NamedRef = v.strictObject({ id: v.string(), name: v.optional(v.string()) });
/** Genesys `GET /api/v2/tokens/me` as the dashboard shows it. */
export const GenesysIntrospectionSchema = v.strictObject({
  organization: v.optional(NamedRef),
  homeOrganization: v.optional(NamedRef),
  authorizedScope: strings,
  clonedUser: v.optional(NamedRef),
  oauthClient: v.optional(v.strictObject({ id: v.string(), name: v.optional(v.string()), authorizedGrantType: v.optional(v.string()), scope: v.optional(strings) })),
  /** Epoch ms the token idles out. */
  idleAt: v.optional(epochMs),
});

/** What the dashboard shows for a token: a verified/decoded JWT or Genesys introspection. */
export const TokenInspectionSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('none'), reason: v.string() }),
  v.strictObject({ kind: v.literal('jwt'), jwt: JwtInspectionSchema }),
  v.strictObject({ kind: v.literal('genesys'), introspection: GenesysIntrospectionSchema, jwt: v.optional(JwtInspectionSchema) }),
]);

export const ValidationReportSchema = v.strictObject({
  profileId: v.string(),
  valid: v.boolean(),
  at: epochMs,
  message: v.string(),
  inspection: TokenInspectionSchema,
});

export const StorageProtectionSchema = v.strictObject({
  /** e.g. `keychain`, `dpapi`, `gnome_libsecret`, `basic_text`, `test-aes-gcm`. */
  backend: v.string(),
  /** True when the OS backend really encrypts (not Linux's `basic_text`). */
  strong: v.boolean(),
  /** True when secrets are written to disk; false means memory-only. */
  persistent: v.boolean(),
  message: v.string(),
});

/** One invalid field of a profile, named so the user can fix it (secrets masked in `value`). */
export const FieldProblemSchema = v.strictObject({
  profile: v.string(),
  field: v.string(),
  value: v.string(),
  message: v.string(),
  validChoices: v.optional(strings),
});

/** Non-secret engine settings, as shown and edited in the dashboard. */
export const EngineSettingsSchema = v.strictObject({
  webhookUrl: v.nullable(v.string()),
  refreshFraction: v.number(),
  refreshMaxLeadSec: v.number(),
  clipboardClearSec: v.number(),
  persistSecretsWithWeakProtection: v.boolean(),
  autoRefreshPaused: v.boolean(),
  /** Warn this many minutes before a token or its idle deadline runs out while refreshing fails. */
  warnBeforeMin: v.number(),
});

export const GenesysRegionInfoSchema = v.strictObject({ key: v.string(), domain: v.string(), label: v.string() });
