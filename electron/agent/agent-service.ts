// What the agent answers, over the token engine: list, status, token (audited, through the
// refresher's single flight), forced refresh and gc import. Failures become the protocol's stable
// error codes with a sentence saying what to do. Never returns a refresh token or client secret.

import type { ProfileStatus } from '../../shared/domain.js';
import type { AgentProfileView, AgentRequest, AgentResponses, AgentTokenAnswer, ClientInfo } from '../../shared/agent-protocol.js';
import { AGENT_PROTOCOL_VERSION } from '../../shared/agent-protocol.js';
import { type TokenEngine, GENESYS_REGIONS, genesysEndpoints } from '../engine/index.js';
import type { OwnerMode } from './data-folder-lock.js';
import { AgentError, toAgentError } from './agent-error.js';
import { importGcConfig } from './gc-import.js';
import { NO_PROFILES_MESSAGE, resolveProfileRef } from './profile-ref.js';
import type { Gateway } from '../gateway/gateway.js';
import { gatewayCalls } from '../gateway/agent-gateway.js';

export interface AgentServiceOptions {
  engine: TokenEngine;
  mode: OwnerMode;
  version: string;
  /** The profile `token` uses when none is named (the tray's default); else the first profile. */
  defaultProfileId?: () => string | undefined;
  /** What to do when a profile needs sign-in, in this process's words. */
  signInHint: string;
  /** A client is waiting for a profile that needs sign-in (the desktop app shows a notification). */
  onSignInNeeded?: (profile: { id: string; name: string }, client: ClientInfo) => void;
  /** The local gateway of this process (absent when it could not start). */
  gateway?: Gateway;
}

/** Minimum life of a handed-out token when the client does not say (seconds). */
export const DEFAULT_MIN_VALID_SEC = 60;

/** Answers one validated request; throws AgentError. Results are serialised by the server. */
export type AgentService = (request: AgentRequest) => Promise<unknown>;

export function createAgentService(options: AgentServiceOptions): AgentService {
  const { engine } = options;

  const defaultId = (): string => {
    const preferred = options.defaultProfileId?.();
    const profiles = engine.profiles();
    if (preferred && profiles.some((p) => p.id === preferred)) return preferred;
    const first = profiles[0];
    if (!first) throw new AgentError('no_profiles', NO_PROFILES_MESSAGE);
    return first.id;
  };

  const resolve = (ref: string | undefined): string => {
    if (ref === undefined) return defaultId();
    const found = resolveProfileRef(engine.profiles(), ref);
    if (found.ok) return found.id;
    throw new AgentError(engine.profiles().length === 0 ? 'no_profiles' : 'unknown_profile', found.message);
  };

  const gateway = gatewayCalls({
    gateway: options.gateway,
    resolveProfile: resolve,
    profiles: () => engine.profiles(),
    serving: options.mode !== 'cli',
    fail: (message) => new AgentError('gateway', message),
  });

  const view = (status: ProfileStatus): AgentProfileView => viewOf(status, status.profile.id === safeDefault(defaultId), options.signInHint);

  const handlers: { [M in AgentRequest['method']]: (request: Extract<AgentRequest, { method: M }>) => Promise<AgentResponses[M]> } = {
    hello: async () => {
      const storage = engine.storageProtection();
      return {
        protocol: AGENT_PROTOCOL_VERSION,
        server: { pid: process.pid, mode: options.mode, version: options.version },
        storage: { persistent: storage.persistent, strong: storage.strong, backend: storage.backend },
      };
    },
    list: async () => engine.listStatuses().map(view),
    status: async ({ params }) => view(engine.status(resolve(params.profile))),
    token: async ({ params, client }) => {
      const id = resolve(params.profile);
      const askedSec = params.minValidSec ?? DEFAULT_MIN_VALID_SEC;
      try {
        // Capped below the token lifetime, or every call would refresh (no fresh token could satisfy it).
        const minValidSec = cappedMinValidSec(engine.status(id), askedSec);
        const { token, expiresAt } = await engine.issueToken(id, minValidSec * 1000, auditDetail(client, askedSec));
        return tokenAnswer(engine.status(id), token, expiresAt, askedSec);
      } catch (error) {
        throw signInAware(error, id, client);
      }
    },
    refresh: async ({ params, client }) => {
      const status = await engine.refreshNow(resolve(params.profile));
      if (status.state === 'signin_required') throw signInAware(new AgentError('signin_required', status.lastError?.message ?? 'Sign-in required.'), status.profile.id, client);
      if ((status.state === 'retrying' || status.state === 'error') && status.lastError) {
        throw new AgentError(status.state === 'retrying' ? 'network' : 'config', `${status.profile.name}: ${status.lastError.message}`);
      }
      return view(status);
    },
    importGc: async ({ params }) => importGcConfig(engine, params.file),
    gatewayGrant: async ({ params }) => gateway.gatewayGrant(params),
    gatewayList: async () => gateway.gatewayList(),
    gatewayRevoke: async ({ params }) => gateway.gatewayRevoke(params),
  };

  /** Sign-in problems name the profile, say what to do here, and let the host tell the user. */
  const signInAware = (error: unknown, profileId: string, client: ClientInfo): unknown => {
    const mapped = toAgentError(error);
    if (mapped.code !== 'signin_required') return mapped;
    const profile = engine.profiles().find((p) => p.id === profileId);
    if (profile) options.onSignInNeeded?.({ id: profile.id, name: profile.name }, client);
    return new AgentError('signin_required', `${profile?.name ?? profileId} needs you to sign in: ${mapped.message.replace(/\.?$/, '.')} ${options.signInHint}`);
  };

  return async (request) => {
    const handler = handlers[request.method] as (r: AgentRequest) => Promise<unknown>;
    try {
      return await handler(request);
    } catch (error) {
      throw toAgentError(error);
    }
  };
}

function safeDefault(defaultId: () => string): string | undefined {
  try {
    return defaultId();
  } catch {
    return undefined;
  }
}

/** The audit line's detail: who asked, as the client claims it (Node cannot read socket peer credentials). */
function auditDetail(client: ClientInfo, minValidSec: number): Record<string, string | number | boolean | null> {
  return {
    via: 'agent',
    clientPid: client.pid,
    clientCommand: client.command,
    parentPid: client.parentPid ?? null,
    parentCommand: client.parentCommand ?? null,
    clientIdentity: 'claimed by client',
    minValidSec,
  };
}

/** Share of a token's lifetime a caller may demand as remaining validity: above it, a fresh token would not do either. */
const MAX_MIN_VALID_SHARE = 0.9;

function lifetimeSec(status: ProfileStatus): number | undefined {
  if (status.issuedAt === undefined || status.expiresAt === undefined || status.expiresAt <= status.issuedAt) return undefined;
  return Math.round((status.expiresAt - status.issuedAt) / 1000);
}

/** The minimum validity to ask the refresher for: the caller's, capped below what a fresh token has. */
export function cappedMinValidSec(status: ProfileStatus, askedSec: number): number {
  const lifetime = lifetimeSec(status);
  if (lifetime === undefined) return askedSec;
  return Math.min(askedSec, Math.floor(lifetime * MAX_MIN_VALID_SHARE));
}

function tokenAnswer(status: ProfileStatus, token: string, expiresAt: number, askedSec: number): AgentTokenAnswer {
  const { provider } = status.profile;
  const lifetime = lifetimeSec(status);
  const usedSec = cappedMinValidSec(status, askedSec);
  const base = {
    profile: status.profile.id,
    accessToken: token,
    tokenType: 'Bearer' as const,
    expiresAt,
    scopes: status.scopes.granted,
    minValiditySatisfied: expiresAt - Date.now() >= usedSec * 1000,
    ...(lifetime !== undefined ? { lifetimeSec: lifetime } : {}),
    ...(usedSec < askedSec ? { minValidCappedSec: usedSec } : {}),
  };
  if (provider.kind === 'oidc') return { ...base, provider: 'oidc', region: provider.issuer };
  const key = GENESYS_REGIONS.find((r) => r.domain === provider.domain)?.key;
  return {
    ...base,
    provider: 'genesys',
    region: provider.domain,
    ...(key ? { regionKey: key.replace(/_/g, '-') } : {}),
    apiBaseUrl: genesysEndpoints(provider).apiBaseUrl,
  };
}

function viewOf(status: ProfileStatus, isDefault: boolean, signInHint: string): AgentProfileView {
  const { profile } = status;
  const action = status.state === 'signin_required'
    ? signInHint
    : status.state === 'error' && status.lastError ? status.lastError.message : undefined;
  return {
    id: profile.id,
    name: profile.name,
    provider: profile.provider.kind,
    region: profile.provider.kind === 'genesys' ? profile.provider.domain : profile.provider.issuer,
    state: status.state,
    isDefault,
    ...(status.expiresAt !== undefined ? { expiresAt: status.expiresAt } : {}),
    missingScopes: status.scopes.governedByRoles ? [] : status.scopes.missing,
    ...(action ? { action } : {}),
    ...(status.lastError ? { lastError: { code: status.lastError.code, message: status.lastError.message } } : {}),
  };
}
