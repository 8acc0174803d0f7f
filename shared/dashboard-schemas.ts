// The runtime shapes of what the dashboard is shown besides the core domain values: results of its
// actions, the settings view, app facts, notices. The one definition: dashboard-types.ts derives
// its types from these. Free of secrets: tokens only ever appear masked.

import * as v from 'valibot';
import { NOTICE_LEVELS } from './dashboard-types.js';
import {
  EngineSettingsSchema,
  FieldProblemSchema,
  GenesysRegionInfoSchema,
  JwtInspectionSchema,
  ProfileConfigSchema,
  StorageProtectionSchema,
} from './domain-schemas.js';
import { GatewayGrantAnswerSchema, GatewayListAnswerSchema } from './agent-protocol.js';

const epochMs = v.number();

export const CopyResultSchema = v.strictObject({
  /** What was copied, masked, e.g. "Bearer eyJh…k3Zq (812 chars)". */
  masked: v.string(),
  /** Epoch ms when the clipboard will be cleared (if still unchanged), or null when never. */
  clearsAt: v.nullable(epochMs),
});

export const PastedTokenInspectionSchema = v.strictObject({
  format: v.picklist(['jwt', 'opaque', 'invalid']),
  /** For invalid input: which segment is wrong and how. */
  problem: v.optional(v.strictObject({ segment: v.picklist(['whole', 'header', 'payload', 'signature']), message: v.string() })),
  jwt: v.optional(JwtInspectionSchema),
});

export const SettingsViewSchema = v.strictObject({
  settings: EngineSettingsSchema,
  storage: StorageProtectionSchema,
  webhook: v.strictObject({
    configured: v.boolean(),
    pending: v.number(),
    dropped: v.number(),
    lastError: v.optional(v.string()),
    lastDeliveredAt: v.optional(epochMs),
  }),
  regions: v.array(GenesysRegionInfoSchema),
});

export const AppInfoSchema = v.strictObject({
  version: v.string(),
  /** `electron` in the desktop app, `browser` for the browser dashboard. */
  mode: v.picklist(['electron', 'browser']),
  profileSource: v.picklist(['saved', 'environment', 'sandbox']),
  sandboxBaseUrl: v.optional(v.string()),
  /** False where this process has no system clipboard (a browser dashboard): Copy is not offered. */
  canCopy: v.boolean(),
  /** `tokentray` as typed in any terminal on this machine, with TOKENTRAY_DATA_DIR when the data folder is not the default. */
  cliCommand: v.string(),
});

export const DeviceSignInSchema = v.strictObject({
  userCode: v.string(),
  verificationUri: v.string(),
  verificationUriComplete: v.optional(v.string()),
  expiresAt: epochMs,
});

export const NoticeSchema = v.strictObject({
  level: v.picklist(NOTICE_LEVELS),
  profileId: v.optional(v.string()),
  title: v.string(),
  message: v.string(),
});

/** What "Test connection" found, before the profile is saved. */
export const ConnectionTestSchema = v.variant('ok', [
  v.strictObject({ ok: v.literal(true), obtainedToken: v.boolean(), scopes: v.array(v.string()), organization: v.optional(v.string()), message: v.string() }),
  v.strictObject({ ok: v.literal(false), problems: v.array(FieldProblemSchema) }),
]);

export const SignInOptionsSchema = v.strictObject({
  browser: v.boolean(),
  device: v.boolean(),
  /** Why an option is missing or could not be checked, in words. */
  note: v.optional(v.string()),
});

export const ProfileChangeResultSchema = v.variant('ok', [
  v.strictObject({ ok: v.literal(true), profile: ProfileConfigSchema }),
  v.strictObject({ ok: v.literal(false), problems: v.array(FieldProblemSchema) }),
]);

export const SignOutResultSchema = v.strictObject({ revoked: v.boolean(), message: v.string() });

export const WebhookTestResultSchema = v.strictObject({ ok: v.boolean(), httpStatus: v.optional(v.number()), message: v.string() });

// ---- the local gateway's consumers (issue 18's dashboard part) ---------------------------------

/** A consumer's name as the gateway stores it; the same rule as `tokentray gateway grant`. */
export const CONSUMER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ConsumerNameSchema = v.pipe(
  v.string(),
  v.regex(CONSUMER_NAME_PATTERN, 'the consumer name must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit (for example "billing-report")'),
);

export const GrantConsumerKeyRequestSchema = v.strictObject({
  profileId: v.pipe(v.string(), v.minLength(1, 'choose the profile whose token the key spends'), v.maxLength(100)),
  consumer: ConsumerNameSchema,
  /** Allow rules such as `GET /api/v2/users/**`; none means every API path the gateway forwards. */
  allow: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(300, 'an allow rule is at most 300 characters'))), v.maxLength(50, 'give at most 50 allow rules'))),
  readOnly: v.optional(v.boolean()),
  expiresInDays: v.optional(v.pipe(v.number(), v.integer('the expiry is a whole number of days'), v.minValue(1, 'the key must live at least 1 day'), v.maxValue(366, 'a key lives at most 366 days; grant a new one after that'))),
});

export const RevokeConsumerRequestSchema = v.strictObject({ consumer: ConsumerNameSchema });

/** The granted key, shown once in the dashboard and never again (only its hash is stored). */
export const GrantedConsumerKeySchema = GatewayGrantAnswerSchema;
export const ConsumersViewSchema = GatewayListAnswerSchema;
export const RevokedConsumerSchema = v.strictObject({ consumer: v.string(), revoked: v.boolean() });
