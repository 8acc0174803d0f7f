// The local agent's protocol: what the `tokentray` CLI (or any local script) may ask the TokenTray
// process that holds the data folder, over a Unix domain socket (a named pipe on Windows).
// One JSON object per line each way. Answers use the same envelope and stable error codes as the
// IPC contract (shared/ipc.ts). Nothing here ever carries a refresh token or client secret: the
// only secrets that cross are the access token a `token` request asks for and a gateway consumer
// key, once, in the answer to the `gatewayGrant` that created it.
// Process-neutral: valibot is the only import besides shared types.

import * as v from 'valibot';
import { PROFILE_STATES } from './domain.js';
import type { IpcResult } from './ipc.js';

export const AGENT_PROTOCOL_VERSION = 1;

/** Longest request line the agent reads; anything longer is refused and the connection closed. */
export const AGENT_MAX_REQUEST_BYTES = 16 * 1024;

/** Stable error codes of the agent (the IPC codes plus these). */
export const AGENT_ERROR_CODES = [
  'invalid_request', // not JSON, wrong shape, unknown method, oversized line
  'unsupported_version', // a client speaking another protocol version
  'unknown_profile',
  'no_profiles',
  'signin_required', // the profile needs the user to sign in (again); `message` says how
  'network', // the token endpoint could not be reached or kept failing (timeouts, 5xx, 429)
  'config', // the profile cannot work as configured
  'storage', // the vault could not be written
  'memory_only', // standalone run without stored secrets (weak protection not opted in)
  'desktop_vault', // standalone run on a vault only the desktop app can decrypt
  'busy', // this client already holds as many connections as one client may
  'gateway', // the gateway refused a grant (bad name, rule or profile) or does not run here
  'internal',
] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

/** Codes the client decides on its own side: nobody listens, a holder that does not answer in time, the answer is not the protocol, the socket is not ours, a bad option. */
export const AGENT_CLIENT_ERROR_CODES = ['not_running', 'not_answering', 'invalid_answer', 'forbidden', 'usage', 'untrusted_folder'] as const;
/** Every code a caller of the agent can meet: a closed union, so a `Record` over it must name each. */
export type AgentCallErrorCode = AgentErrorCode | (typeof AGENT_CLIENT_ERROR_CODES)[number];

const ProfileRef = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** Printable text without control characters, so audit lines stay one line each. */
const Label = v.pipe(v.string(), v.maxLength(200), v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'));

/**
 * Who is asking. Node cannot read the peer's credentials of a Unix socket (no SO_PEERCRED), so
 * the client states its own pid and command and the audit log labels them "claimed by client".
 */
export const ClientInfoSchema = v.strictObject({
  pid: v.pipe(v.number(), v.integer(), v.minValue(1)),
  command: Label,
  parentPid: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  parentCommand: v.optional(Label),
});
export type ClientInfo = v.InferOutput<typeof ClientInfoSchema>;

const envelope = <M extends string, P extends v.GenericSchema>(method: M, params: P) =>
  v.strictObject({
    v: v.literal(AGENT_PROTOCOL_VERSION),
    id: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
    method: v.literal(method),
    params,
    client: ClientInfoSchema,
  });

export const AgentRequestSchema = v.variant('method', [
  envelope('hello', v.strictObject({})),
  envelope('list', v.strictObject({})),
  envelope('status', v.strictObject({ profile: ProfileRef })),
  envelope('token', v.strictObject({
    /** Id or name; the default profile when absent. */
    profile: v.optional(ProfileRef),
    /** The token must stay valid at least this long (seconds); refreshed first otherwise. */
    minValidSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 24 * 3600))),
  })),
  envelope('refresh', v.strictObject({ profile: ProfileRef })),
  /** Import profiles from the Genesys CLI's config.toml; the agent reads the file itself, so no secret crosses the socket. */
  envelope('importGc', v.strictObject({ file: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) })),
  /** A consumer key for the local gateway: bound to one profile and one consumer name; the key is in the answer, once. */
  envelope('gatewayGrant', v.strictObject({
    profile: ProfileRef,
    consumer: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    allow: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(50))),
    readOnly: v.optional(v.boolean()),
    /** Lifetime in seconds (default 30 days, at most a year). */
    expiresSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(366 * 24 * 3600))),
    /** Made for one command (`exec --via-gateway`), revoked when it ends. */
    temporary: v.optional(v.boolean()),
  })),
  envelope('gatewayList', v.strictObject({})),
  envelope('gatewayRevoke', v.strictObject({ consumer: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) })),
]);
export type AgentRequest = v.InferOutput<typeof AgentRequestSchema>;
export type AgentMethod = AgentRequest['method'];
export const AGENT_METHODS: readonly AgentMethod[] = ['hello', 'list', 'status', 'token', 'refresh', 'importGc', 'gatewayGrant', 'gatewayList', 'gatewayRevoke'];

// ---- answers: one schema per method, checked by the client; the types are derived from them ----
// Plain (not strict) objects: a newer TokenTray may add a field within protocol v1, and an unknown
// key is dropped from the checked copy, never passed on.

const Provider = v.picklist(['genesys', 'oidc']);
const epochMs = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Text a script prints or branches on: no control characters (no terminal escapes, no extra lines). */
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max), v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'));

/** One profile as scripts see it: state and what to do, never a secret. */
export const AgentProfileViewSchema = v.object({
  id: Text(100),
  name: Text(200),
  provider: Provider,
  /** Genesys region domain (e.g. `mypurecloud.ie`) or the OpenID issuer. */
  region: Text(2000),
  state: v.picklist(PROFILE_STATES),
  isDefault: v.boolean(),
  expiresAt: v.optional(epochMs),
  missingScopes: v.array(Text(500)),
  /** What the user must do, when anything (e.g. "Sign in from the TokenTray tray menu"). */
  action: v.optional(Text(2000)),
  /** The profile's last problem: its code (ours or the server's) and what to do. */
  lastError: v.optional(v.object({ code: Text(200), message: Text(2000) })),
});

export const AgentTokenAnswerSchema = v.object({
  profile: Text(100),
  /** Printable ASCII without spaces, as every Bearer token is (RFC 6750 b64token is stricter still). */
  accessToken: v.pipe(v.string(), v.minLength(1), v.maxLength(64 * 1024), v.regex(/^[\x21-\x7E]+$/, 'holds characters no Bearer token has (spaces, control or non-ASCII characters)')),
  tokenType: v.literal('Bearer'),
  expiresAt: epochMs,
  scopes: v.array(Text(500)),
  provider: Provider,
  /** Genesys: region domain; OpenID: the issuer. */
  region: Text(2000),
  /** Genesys: the region key as gc and Terraform spell it (`eu-west-1`); absent for gateways it cannot name. */
  regionKey: v.optional(Text(100)),
  /** Genesys: the Platform API base URL (gateway override included). */
  apiBaseUrl: v.optional(Text(2000)),
  /** False when the token lives shorter than the (possibly capped) minimum validity. */
  minValiditySatisfied: v.boolean(),
  /** How long this profile's tokens live, from the last refresh (seconds), when known. */
  lifetimeSec: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** Set when `minValidSec` asked for more than a token can ever have: the minimum actually used. */
  minValidCappedSec: v.optional(v.pipe(v.number(), v.minValue(0))),
});

export const AgentHelloSchema = v.object({
  protocol: v.number(),
  server: v.object({ pid: v.pipe(v.number(), v.integer()), mode: v.picklist(['desktop', 'node', 'cli']), version: Text(100) }),
  storage: v.object({ persistent: v.boolean(), strong: v.boolean(), backend: Text(100) }),
});

export const GcImportReportSchema = v.object({
  file: Text(4096),
  imported: v.array(v.object({ gcProfile: Text(200), id: Text(100), name: Text(200), grant: Text(100), region: Text(2000), notes: v.array(Text(2000)) })),
  skipped: v.array(v.object({ gcProfile: Text(200), reason: Text(2000) })),
});

/** Where consumers send Platform API calls, and the key shown once (stored only as a hash). */
export const GatewayGrantAnswerSchema = v.object({
  /** http://127.0.0.1:PORT (then /api/v2/...). */
  url: Text(200),
  /** The consumer key (`ttgw_…`): shown once, stored only as a hash. */
  key: v.pipe(v.string(), v.regex(/^ttgw_[A-Za-z0-9_-]{20,200}$/, 'is not a gateway key')),
  consumer: Text(200),
  profile: Text(100),
  expiresAt: epochMs,
  /** False when the key was stored by a standalone tokentray run: the gateway serves it once TokenTray runs. */
  serving: v.boolean(),
  /** Genesys: the region key as gc and Terraform spell it (`us-east-1`), when the profile's domain has one. */
  regionKey: v.optional(Text(100)),
});

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const GatewayConsumerViewSchema = v.object({
  consumer: Text(200),
  profile: Text(100),
  allow: v.array(Text(500)),
  readOnly: v.boolean(),
  temporary: v.boolean(),
  createdAt: epochMs,
  expiresAt: epochMs,
  expired: v.boolean(),
  lastUsedAt: v.nullable(epochMs),
  requests: count,
  requestsLastMinute: count,
  upstream401: count,
  upstream429: count,
  refused: count,
});

export const GatewayBudgetViewSchema = v.object({
  profile: Text(100),
  allowed: v.optional(count),
  used: count,
  left: v.optional(count),
  resetsAt: v.optional(epochMs),
  waiting: count,
});

export const GatewayListAnswerSchema = v.object({
  url: v.optional(Text(200)),
  serving: v.boolean(),
  consumers: v.array(GatewayConsumerViewSchema),
  budgets: v.array(GatewayBudgetViewSchema),
});

export const AGENT_RESPONSE_SCHEMAS = {
  hello: AgentHelloSchema,
  list: v.array(AgentProfileViewSchema),
  status: AgentProfileViewSchema,
  token: AgentTokenAnswerSchema,
  refresh: AgentProfileViewSchema,
  importGc: GcImportReportSchema,
  gatewayGrant: GatewayGrantAnswerSchema,
  gatewayList: GatewayListAnswerSchema,
  gatewayRevoke: v.object({ consumer: Text(200), revoked: v.boolean() }),
} satisfies { [M in AgentMethod]: v.GenericSchema };

export type AgentProfileView = v.InferOutput<typeof AgentProfileViewSchema>;
export type AgentTokenAnswer = v.InferOutput<typeof AgentTokenAnswerSchema>;
export type AgentHello = v.InferOutput<typeof AgentHelloSchema>;
export type GcImportReport = v.InferOutput<typeof GcImportReportSchema>;
export type GatewayGrantAnswer = v.InferOutput<typeof GatewayGrantAnswerSchema>;
export type GatewayConsumerView = v.InferOutput<typeof GatewayConsumerViewSchema>;
export type GatewayBudgetView = v.InferOutput<typeof GatewayBudgetViewSchema>;
export type GatewayListAnswer = v.InferOutput<typeof GatewayListAnswerSchema>;
export type AgentResponses = { [M in AgentMethod]: v.InferOutput<(typeof AGENT_RESPONSE_SCHEMAS)[M]> };

export type AgentParams<M extends AgentMethod> = Extract<AgentRequest, { method: M }>['params'];

/** One answer line: the request's id plus the IPC envelope. `id` is -1 when the request had none. */
export type AgentResponse<T = unknown> = { v: typeof AGENT_PROTOCOL_VERSION; id: number } & IpcResult<T, AgentErrorCode>;

/** The envelope of one answer line; the value is checked next, against the method's schema. */
export const AgentResponseSchema = v.variant('ok', [
  v.object({ v: v.literal(AGENT_PROTOCOL_VERSION), id: v.number(), ok: v.literal(true), value: v.unknown() }),
  v.object({ v: v.literal(AGENT_PROTOCOL_VERSION), id: v.number(), ok: v.literal(false), error: v.object({ code: v.picklist(AGENT_ERROR_CODES), message: Text(4000) }) }),
]);

/** A readable one-line reason why a request was refused, from valibot's issues. */
export function describeRequestIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'The request does not match the agent protocol.';
  const path = first.path?.map((item) => String(item.key)).join('.') ?? '';
  return `The request does not match agent protocol v${AGENT_PROTOCOL_VERSION}${path ? ` at "${path}"` : ''}: ${first.message}`;
}
