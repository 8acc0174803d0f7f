// The one contract between the dashboard and the main process, used by all three sides: the
// main process registers exactly these handlers, the preload exposes exactly this API, and the
// browser transport implements the same RendererApi, so the compiler catches any drift.
// Every request and response is a valibot schema and the contract's types are derived from them:
// the main process checks requests with REQUEST_SCHEMAS, the preload and the browser transport
// check answers with RESPONSE_SCHEMAS (ipc-answers.ts). Process-neutral: valibot (pure
// TypeScript) is the only import besides shared/. The events live in ipc-events.ts; the values
// both halves carry are defined in domain-schemas.ts and dashboard-schemas.ts.

import * as v from 'valibot';
import { AUDIT_EVENT_TYPES } from './domain.js';
import {
  AppInfoSchema,
  ConsumersViewSchema,
  GrantConsumerKeyRequestSchema,
  GrantedConsumerKeySchema,
  RevokeConsumerRequestSchema,
  RevokedConsumerSchema,
  ConnectionTestSchema,
  CopyResultSchema,
  DeviceSignInSchema,
  PastedTokenInspectionSchema,
  ProfileChangeResultSchema,
  SettingsViewSchema,
  SignInOptionsSchema,
  SignOutResultSchema,
  WebhookTestResultSchema,
} from './dashboard-schemas.js';
import { AuditEntrySchema, EngineSettingsSchema, MetricsSummarySchema, ProfileStatusSchema, TokenInspectionSchema, ValidationReportSchema } from './domain-schemas.js';
import { IPC_ERROR_CODES, type IpcErrorCode } from './error-codes.js';
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
  // The settings as shown, any subset; the webhook has its own call (it carries a secret).
  updateSettings: v.partial(v.object(v.omit(EngineSettingsSchema, ['webhookUrl']).entries)),
  configureWebhook: v.nullable(v.object({ url: v.pipe(v.string(), v.maxLength(2000)), secret: v.optional(v.string()) })),
  sendTestWebhook: v.undefined(),
  listConsumers: v.undefined(),
  grantConsumerKey: GrantConsumerKeyRequestSchema,
  revokeConsumer: RevokeConsumerRequestSchema,
} as const;

// ---- response schemas: what each call answers, checked again by every receiving transport ------

const StatusAnswer = ProfileStatusSchema;
export const RESPONSE_SCHEMAS = {
  getAppInfo: AppInfoSchema,
  listProfiles: v.array(StatusAnswer),
  getStatus: StatusAnswer,
  refreshNow: StatusAnswer,
  copyToken: CopyResultSchema,
  validate: ValidationReportSchema,
  inspect: TokenInspectionSchema,
  getMetrics: MetricsSummarySchema,
  inspectPastedToken: PastedTokenInspectionSchema,
  readAudit: v.array(AuditEntrySchema),
  addProfile: ProfileChangeResultSchema,
  updateProfile: ProfileChangeResultSchema,
  removeProfile: v.null(),
  restoreProfile: StatusAnswer,
  testProfile: ConnectionTestSchema,
  getSignInOptions: SignInOptionsSchema,
  signIn: StatusAnswer,
  cancelSignIn: v.null(),
  signInWithRefreshToken: StatusAnswer,
  startDeviceSignIn: DeviceSignInSchema,
  signOut: SignOutResultSchema,
  getSettings: SettingsViewSchema,
  updateSettings: SettingsViewSchema,
  configureWebhook: SettingsViewSchema,
  sendTestWebhook: WebhookTestResultSchema,
  listConsumers: ConsumersViewSchema,
  grantConsumerKey: GrantedConsumerKeySchema,
  revokeConsumer: RevokedConsumerSchema,
} satisfies { [K in keyof typeof REQUEST_SCHEMAS]: v.GenericSchema };

export type InvokeName = keyof typeof REQUEST_SCHEMAS;

/** Request and response of every call, derived from the schemas above (the one definition). */
export type InvokeContract = {
  [K in InvokeName]: { request: v.InferOutput<(typeof REQUEST_SCHEMAS)[K]>; response: v.InferOutput<(typeof RESPONSE_SCHEMAS)[K]> };
};

/** The runtime allowlist of calls; the IPC channel of a call is `tokentray:<name>`. */
export const INVOKE_NAMES = Object.keys(REQUEST_SCHEMAS) as InvokeName[];

export const channelOf = (name: InvokeName | EventName): string => `tokentray:${name}`;

/** Every answer crosses the boundary as this envelope: thrown errors would lose all but the message. */
export type IpcResult<T, Code extends string = IpcErrorCode> = { ok: true; value: T } | { ok: false; error: { code: Code; message: string } };

export const IpcErrorSchema = v.strictObject({
  /** A closed list (shared/error-codes.ts): a receiver's switch over it is checked by the compiler. */
  code: v.picklist(IPC_ERROR_CODES),
  message: v.pipe(v.string(), v.maxLength(4000)),
});
export type IpcError = v.InferOutput<typeof IpcErrorSchema>;

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
