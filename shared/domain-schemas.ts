// Runtime shapes of the domain values the main process pushes to the dashboard as events. Strict
// objects: a key the domain type does not declare is rejected, not passed on into React state.
// The checks at the end make the compiler prove each schema describes its domain type exactly
// (same keys, each assignable to the other), so a field added on one side fails the build.

import * as v from 'valibot';
import { AUDIT_EVENT_TYPES, GRANT_KINDS, PROFILE_STATE_SEVERITY } from './domain.js';
import type {
  AuditEntry,
  PendingSignInView,
  ProblemInfo,
  ProfileConfig,
  ProfileState,
  ProfileStatus,
  ScopeDrift,
  ScopeView,
  StatusWarning,
} from './domain.js';
import { NOTICE_LEVELS, type Notice } from './dashboard-types.js';

const PROFILE_STATES = Object.keys(PROFILE_STATE_SEVERITY) as ProfileState[];
const epochMs = v.number();

const ProviderConfigSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('genesys'), domain: v.string(), loginBaseUrl: v.optional(v.string()), apiBaseUrl: v.optional(v.string()) }),
  v.strictObject({ kind: v.literal('oidc'), issuer: v.string(), audience: v.optional(v.string()) }),
]);

export const ProfileConfigSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  provider: ProviderConfigSchema,
  grant: v.picklist(GRANT_KINDS),
  clientId: v.string(),
  requiredScopes: v.array(v.string()),
  redirectUri: v.optional(v.string()),
  sandbox: v.optional(v.boolean()),
});

const ProblemInfoSchema = v.strictObject({
  code: v.string(),
  message: v.string(),
  serverError: v.optional(v.string()),
  serverDescription: v.optional(v.string()),
  httpStatus: v.optional(v.number()),
  at: epochMs,
});

const ScopeViewSchema = v.strictObject({
  required: v.array(v.string()),
  granted: v.array(v.string()),
  missing: v.array(v.string()),
  extra: v.array(v.string()),
  source: v.picklist(['token_response', 'jwt_claim', 'tokens_me', 'none']),
  governedByRoles: v.boolean(),
});

const ScopeDriftSchema = v.strictObject({ added: v.array(v.string()), removed: v.array(v.string()), at: epochMs });

const PendingSignInSchema = v.strictObject({
  kind: v.picklist(['browser', 'device']),
  startedAt: epochMs,
  expiresAt: epochMs,
  url: v.optional(v.string()),
  userCode: v.optional(v.string()),
  port: v.optional(v.number()),
});

const StatusWarningSchema = v.strictObject({
  code: v.picklist(['first_token_failing', 'expiry_while_failing', 'idle_while_failing', 'no_refresh_token_idle']),
  message: v.string(),
  at: v.optional(epochMs),
});

export const ProfileStatusSchema = v.strictObject({
  profile: ProfileConfigSchema,
  state: v.picklist(PROFILE_STATES),
  expiresAt: v.optional(epochMs),
  issuedAt: v.optional(epochMs),
  idleAt: v.optional(epochMs),
  nextRefreshAt: v.optional(epochMs),
  retry: v.optional(v.strictObject({ attempt: v.number(), nextAttemptAt: epochMs })),
  lastError: v.optional(ProblemInfoSchema),
  lastRefreshAt: v.optional(epochMs),
  tokenFormat: v.optional(v.picklist(['jwt', 'opaque'])),
  tokenPreview: v.optional(v.string()),
  scopes: ScopeViewSchema,
  lastDrift: v.optional(ScopeDriftSchema),
  pendingSignIn: v.optional(PendingSignInSchema),
  warnings: v.optional(v.array(StatusWarningSchema)),
  organization: v.optional(v.string()),
});

export const AuditEntrySchema = v.strictObject({
  at: v.string(),
  type: v.picklist(AUDIT_EVENT_TYPES),
  profileId: v.optional(v.string()),
  detail: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()])),
});

export const NoticeSchema = v.strictObject({
  level: v.picklist(NOTICE_LEVELS),
  profileId: v.optional(v.string()),
  title: v.string(),
  message: v.string(),
});

// ---- compile-time proof that each schema and its domain type describe the same shape ----------

type KeysDiffer<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;
type SameShape<Domain, Schema> = [Domain] extends [Schema]
  ? [Schema] extends [Domain]
    ? [KeysDiffer<Domain, Schema>] extends [never]
      ? true
      : { keysOnOneSideOnly: KeysDiffer<Domain, Schema> }
    : 'the schema accepts values the domain type does not allow'
  : 'the schema rejects values the domain type allows';
type Proven<T extends true> = T;
type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export type _SchemasMatchDomain = [
  Proven<SameShape<ProfileConfig, Out<typeof ProfileConfigSchema>>>,
  Proven<SameShape<ProblemInfo, Out<typeof ProblemInfoSchema>>>,
  Proven<SameShape<ScopeView, Out<typeof ScopeViewSchema>>>,
  Proven<SameShape<ScopeDrift, Out<typeof ScopeDriftSchema>>>,
  Proven<SameShape<PendingSignInView, Out<typeof PendingSignInSchema>>>,
  Proven<SameShape<StatusWarning, Out<typeof StatusWarningSchema>>>,
  Proven<SameShape<ProfileStatus, Out<typeof ProfileStatusSchema>>>,
  Proven<SameShape<AuditEntry, Out<typeof AuditEntrySchema>>>,
  Proven<SameShape<Notice, Out<typeof NoticeSchema>>>,
];
