// The local agent's protocol: what the `tokentray` CLI (or any local script) may ask the TokenTray
// process that holds the data folder, over a Unix domain socket (a named pipe on Windows).
// One JSON object per line each way. Answers use the same envelope and stable error codes as the
// IPC contract (shared/ipc.ts). Nothing here ever carries a refresh token or client secret: the
// only secrets that cross are the access token a `token` request asks for and a gateway consumer
// key, once, in the answer to the `gatewayGrant` that created it.
// Process-neutral: valibot is the only import besides shared types.

import * as v from 'valibot';
import type { ProfileState } from './domain.js';
import type { IpcError, IpcResult } from './ipc.js';

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
  'gateway', // the gateway refused a grant (bad name, rule or profile) or does not run here
  'internal',
] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

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

/** One profile as scripts see it: state and what to do, never a secret. */
export interface AgentProfileView {
  id: string;
  name: string;
  provider: 'genesys' | 'oidc';
  /** Genesys region domain (e.g. `mypurecloud.ie`) or the OpenID issuer. */
  region: string;
  state: ProfileState;
  isDefault: boolean;
  expiresAt?: number;
  missingScopes: string[];
  /** What the user must do, when anything (e.g. "Sign in from the TokenTray tray menu"). */
  action?: string;
  lastError?: IpcError;
}

export interface AgentTokenAnswer {
  profile: string;
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: number;
  scopes: string[];
  provider: 'genesys' | 'oidc';
  /** Genesys: region domain; OpenID: the issuer. */
  region: string;
  /** Genesys: the region key as gc and Terraform spell it (`eu-west-1`); absent for gateways it cannot name. */
  regionKey?: string;
  /** Genesys: the Platform API base URL (gateway override included). */
  apiBaseUrl?: string;
  /** False when even a fresh token lives shorter than `minValidSec` asked for. */
  minValiditySatisfied: boolean;
}

export interface AgentHello {
  protocol: number;
  server: { pid: number; mode: 'desktop' | 'node' | 'cli'; version: string };
  storage: { persistent: boolean; strong: boolean; backend: string };
}

export interface GcImportReport {
  file: string;
  imported: { gcProfile: string; id: string; name: string; grant: string; region: string; notes: string[] }[];
  skipped: { gcProfile: string; reason: string }[];
}

export interface GatewayGrantAnswer {
  /** Where consumers send Platform API calls: http://127.0.0.1:PORT (then /api/v2/...). */
  url: string;
  /** The consumer key (`ttgw_…`): shown once, stored only as a hash. */
  key: string;
  consumer: string;
  profile: string;
  /** Epoch ms. */
  expiresAt: number;
  /** False when the key was stored by a standalone tokentray run: the gateway serves it once TokenTray runs. */
  serving: boolean;
  /** Genesys: the region key as gc and Terraform spell it (`us-east-1`), when the profile's domain has one. */
  regionKey?: string;
}

export interface GatewayConsumerView {
  consumer: string;
  profile: string;
  allow: string[];
  readOnly: boolean;
  temporary: boolean;
  createdAt: number;
  expiresAt: number;
  expired: boolean;
  lastUsedAt: number | null;
  requests: number;
  requestsLastMinute: number;
  upstream401: number;
  upstream429: number;
  refused: number;
}

export interface GatewayBudgetView {
  profile: string;
  allowed?: number;
  used: number;
  left?: number;
  resetsAt?: number;
  waiting: number;
}

export interface GatewayListAnswer {
  url?: string;
  serving: boolean;
  consumers: GatewayConsumerView[];
  budgets: GatewayBudgetView[];
}

export interface AgentResponses {
  hello: AgentHello;
  list: AgentProfileView[];
  status: AgentProfileView;
  token: AgentTokenAnswer;
  refresh: AgentProfileView;
  importGc: GcImportReport;
  gatewayGrant: GatewayGrantAnswer;
  gatewayList: GatewayListAnswer;
  gatewayRevoke: { consumer: string; revoked: boolean };
}

export type AgentParams<M extends AgentMethod> = Extract<AgentRequest, { method: M }>['params'];

/** One answer line: the request's id plus the IPC envelope. `id` is -1 when the request had none. */
export type AgentResponse<T = unknown> = { v: typeof AGENT_PROTOCOL_VERSION; id: number } & IpcResult<T>;

export const AgentResponseSchema = v.union([
  v.object({ v: v.literal(AGENT_PROTOCOL_VERSION), id: v.number(), ok: v.literal(true), value: v.unknown() }),
  v.object({ v: v.literal(AGENT_PROTOCOL_VERSION), id: v.number(), ok: v.literal(false), error: v.object({ code: v.string(), message: v.string() }) }),
]);

/** A readable one-line reason why a request was refused, from valibot's issues. */
export function describeRequestIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'The request does not match the agent protocol.';
  const path = first.path?.map((item) => String(item.key)).join('.') ?? '';
  return `The request does not match agent protocol v${AGENT_PROTOCOL_VERSION}${path ? ` at "${path}"` : ''}: ${first.message}`;
}
