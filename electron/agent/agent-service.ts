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
    if (!first) throw new AgentError('no_profiles', 'TokenTray has no profiles yet. Add one in the dashboard, or import the Genesys CLI\'s with `tokentray import gc`.');
    return first.id;
  };

  const resolve = (ref: string | undefined): string => {
    if (ref === undefined) return defaultId();
    const profiles = engine.profiles();
    const match = profiles.find((p) => p.id === ref) ?? profiles.find((p) => p.name.toLowerCase() === ref.toLowerCase());
    if (match) return match.id;
    const known = profiles.map((p) => p.id).join(', ') || 'none';
    throw new AgentError('unknown_profile', `There is no profile "${ref}". Known profiles: ${known}. Run \`tokentray list\` to see them.`);
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
      const minValidSec = params.minValidSec ?? DEFAULT_MIN_VALID_SEC;
      try {
        const { token, expiresAt } = await engine.issueToken(id, minValidSec * 1000, auditDetail(client, minValidSec));
        return tokenAnswer(engine.status(id), token, expiresAt, minValidSec);
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

function tokenAnswer(status: ProfileStatus, token: string, expiresAt: number, minValidSec: number): AgentTokenAnswer {
  const { provider } = status.profile;
  const base = {
    profile: status.profile.id,
    accessToken: token,
    tokenType: 'Bearer' as const,
    expiresAt,
    scopes: status.scopes.granted,
    minValiditySatisfied: expiresAt - Date.now() >= minValidSec * 1000,
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
