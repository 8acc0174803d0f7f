// The one contract between the dashboard and the main process, used by all three sides: the
// main process registers exactly these handlers, the preload exposes exactly this API, and the
// browser transport implements the same RendererApi, so the compiler catches any drift.
// Process-neutral: valibot (pure TypeScript) is the only import besides shared types. The events
// (what the main process pushes) and their schemas live in ipc-events.ts; the values both halves
// carry are domain types (domain.ts, dashboard-types.ts).

import * as v from 'valibot';
import { AUDIT_EVENT_TYPES } from './domain.js';
import type {
  AuditEntry,
  AuditEventType,
  EngineSettings,
  MetricsSummary,
  ProfileId,
  ProfileStatus,
  TokenInspection,
  ValidationReport,
} from './domain.js';
import type {
  AppInfo,
  ConnectionTest,
  CopyResult,
  DeviceSignIn,
  PastedTokenInspection,
  ProfileChangeResult,
  SettingsView,
  SignInOptions,
} from './dashboard-types.js';
import type { EventContract, EventName } from './ipc-events.js';

// ---- request schemas: the runtime check of every payload that crosses the boundary -------------

/** The pasted-token inspector's limit; the dashboard checks it before sending, the handler again. */
export const MAX_PASTED_TOKEN = 64_000;

const ProfileIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const ProfileRef = v.object({ profileId: ProfileIdSchema });
const ProfileInputSchema = v.record(v.string(), v.union([v.string(), v.array(v.string()), v.undefined()]));

export const REQUEST_SCHEMAS = {
  getAppInfo: v.undefined(),
  listProfiles: v.undefined(),
  getStatus: ProfileRef,
  refreshNow: ProfileRef,
  copyToken: v.object({ profileId: ProfileIdSchema, as: v.picklist(['token', 'authorization_header']) }),
  validate: ProfileRef,
  inspect: ProfileRef,
  getMetrics: ProfileRef,
  inspectPastedToken: v.object({
    token: v.pipe(v.string(), v.maxLength(MAX_PASTED_TOKEN, `the token is too large (more than ${MAX_PASTED_TOKEN.toLocaleString('en')} characters; real tokens are a few thousand). Paste the token alone`)),
    verifyWith: v.optional(v.union([
      v.object({ kind: v.literal('profile'), profileId: ProfileIdSchema }),
      v.object({ kind: v.literal('jwks'), jwksUrl: v.pipe(v.string(), v.maxLength(2000)), issuer: v.optional(v.string()), audience: v.optional(v.string()) }),
    ])),
  }),
  readAudit: v.object({
    profileId: v.optional(ProfileIdSchema),
    types: v.optional(v.array(v.picklist(AUDIT_EVENT_TYPES))),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))),
  }),
  addProfile: ProfileInputSchema,
  updateProfile: v.object({ profileId: ProfileIdSchema, input: ProfileInputSchema }),
  removeProfile: ProfileRef,
  restoreProfile: ProfileRef,
  testProfile: v.object({ profileId: v.optional(ProfileIdSchema), input: ProfileInputSchema }),
  getSignInOptions: ProfileRef,
  signIn: ProfileRef,
  cancelSignIn: ProfileRef,
  signInWithRefreshToken: v.object({ profileId: ProfileIdSchema, refreshToken: v.pipe(v.string(), v.minLength(1), v.maxLength(8000)) }),
  startDeviceSignIn: ProfileRef,
  signOut: ProfileRef,
  getSettings: v.undefined(),
  updateSettings: v.partial(v.object({
    refreshFraction: v.number(),
    refreshMaxLeadSec: v.number(),
    clipboardClearSec: v.number(),
    persistSecretsWithWeakProtection: v.boolean(),
    autoRefreshPaused: v.boolean(),
    warnBeforeMin: v.number(),
  })),
  configureWebhook: v.nullable(v.object({ url: v.pipe(v.string(), v.maxLength(2000)), secret: v.optional(v.string()) })),
  sendTestWebhook: v.undefined(),
} as const;

/** Request and response of every call; requests are exactly what the schemas above accept. */
export interface InvokeContract {
  getAppInfo: { request: void; response: AppInfo };
  listProfiles: { request: void; response: ProfileStatus[] };
  getStatus: { request: { profileId: ProfileId }; response: ProfileStatus };
  refreshNow: { request: { profileId: ProfileId }; response: ProfileStatus };
  copyToken: { request: { profileId: ProfileId; as: 'token' | 'authorization_header' }; response: CopyResult };
  validate: { request: { profileId: ProfileId }; response: ValidationReport };
  inspect: { request: { profileId: ProfileId }; response: TokenInspection };
  getMetrics: { request: { profileId: ProfileId }; response: MetricsSummary };
  inspectPastedToken: { request: v.InferOutput<(typeof REQUEST_SCHEMAS)['inspectPastedToken']>; response: PastedTokenInspection };
  readAudit: { request: { profileId?: ProfileId; types?: AuditEventType[]; limit?: number }; response: AuditEntry[] };
  addProfile: { request: Record<string, string | string[] | undefined>; response: ProfileChangeResult };
  updateProfile: { request: { profileId: ProfileId; input: Record<string, string | string[] | undefined> }; response: ProfileChangeResult };
  removeProfile: { request: { profileId: ProfileId }; response: null };
  restoreProfile: { request: { profileId: ProfileId }; response: ProfileStatus };
  testProfile: { request: { profileId?: ProfileId; input: Record<string, string | string[] | undefined> }; response: ConnectionTest };
  getSignInOptions: { request: { profileId: ProfileId }; response: SignInOptions };
  signIn: { request: { profileId: ProfileId }; response: ProfileStatus };
  cancelSignIn: { request: { profileId: ProfileId }; response: null };
  signInWithRefreshToken: { request: { profileId: ProfileId; refreshToken: string }; response: ProfileStatus };
  startDeviceSignIn: { request: { profileId: ProfileId }; response: DeviceSignIn };
  signOut: { request: { profileId: ProfileId }; response: { revoked: boolean; message: string } };
  getSettings: { request: void; response: SettingsView };
  updateSettings: { request: Partial<Omit<EngineSettings, 'webhookUrl'>>; response: SettingsView };
  configureWebhook: { request: { url: string; secret?: string } | null; response: SettingsView };
  sendTestWebhook: { request: void; response: { ok: boolean; httpStatus?: number; message: string } };
}

export type InvokeName = keyof InvokeContract;

// Compile-time proof that every schema accepts only what the contract promises the handler.
type SchemaFits = {
  [K in InvokeName]: v.InferOutput<(typeof REQUEST_SCHEMAS)[K]> extends InvokeContract[K]['request'] ? true : K;
};
const _schemasFitContract: SchemaFits[InvokeName] = true;
void _schemasFitContract;

/** The runtime allowlist of calls; the IPC channel of a call is `tokentray:<name>`. */
export const INVOKE_NAMES = Object.keys(REQUEST_SCHEMAS) as InvokeName[];

export const channelOf = (name: InvokeName | EventName): string => `tokentray:${name}`;

/** Every answer crosses the boundary as this envelope: thrown errors would lose all but the message. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcError {
  /** Stable code: `unknown_channel`, `forbidden_sender`, `invalid_payload`, `unknown_profile`, engine codes... */
  code: string;
  message: string;
}

type CallSignature<K extends InvokeName> = InvokeContract[K]['request'] extends void
  ? () => Promise<IpcResult<InvokeContract[K]['response']>>
  : (request: InvokeContract[K]['request']) => Promise<IpcResult<InvokeContract[K]['response']>>;

type EventSubscriptions = {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: EventContract[K]) => void) => () => void;
};

/** What the renderer can do: one method per call, `onX(cb) => unsubscribe` per event. */
export type RendererApi = { [K in InvokeName]: CallSignature<K> } & EventSubscriptions;

/** The main-process side of every call (shared by the IPC registration and the browser transport). */
export type ApiHandlers = {
  [K in InvokeName]: (request: InvokeContract[K]['request']) => Promise<InvokeContract[K]['response']>;
};

export const subscriptionName = (event: EventName): `on${Capitalize<EventName>}` =>
  `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as `on${Capitalize<EventName>}`;

/** Browser dashboard only: the header that carries the session credential on every /api request. */
export const SESSION_HEADER = 'x-tokentray-session';
