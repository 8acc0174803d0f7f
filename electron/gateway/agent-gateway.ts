// The agent's gateway calls (`tokentray gateway grant|list|revoke`, `exec --via-gateway`,
// `mcp-config`): thin translations between the protocol and the Gateway object, with the
// protocol's stable error code `gateway` and a sentence saying what to do.

import type { AgentParams, AgentResponses, GatewayConsumerView } from '../../shared/agent-protocol.js';
import type { ProfileConfig } from '../../shared/domain.js';
import { GENESYS_REGIONS } from '../engine/index.js';
import { GrantError } from './consumer-keys.js';
import type { Gateway } from './gateway.js';

/** What the handlers need besides the gateway; `fail` builds the agent's error without importing it here. */
export interface GatewayCallContext {
  gateway: Gateway | undefined;
  /** Profile id or name → id (throws the agent's unknown_profile error). */
  resolveProfile(ref: string): string;
  profiles(): ProfileConfig[];
  /** This process's mode: a standalone CLI run stores keys but serves them only while it runs. */
  serving: boolean;
  fail(message: string): Error;
}

export function gatewayCalls(context: GatewayCallContext) {
  const gatewayOrFail = (): Gateway => {
    if (!context.gateway) throw context.fail('The gateway could not start in this TokenTray (see its log); restart TokenTray to try again.');
    return context.gateway;
  };
  return {
    gatewayGrant: async (params: AgentParams<'gatewayGrant'>): Promise<AgentResponses['gatewayGrant']> => {
      const gateway = gatewayOrFail();
      const profileId = context.resolveProfile(params.profile);
      try {
        const granted = await gateway.grant({
          profileId,
          consumer: params.consumer,
          ...(params.allow ? { allow: params.allow } : {}),
          ...(params.readOnly ? { readOnly: true } : {}),
          ...(params.expiresSec ? { lifetimeMs: params.expiresSec * 1000 } : {}),
          ...(params.temporary ? { temporary: true } : {}),
        });
        const profile = context.profiles().find((p) => p.id === profileId);
        const domain = profile?.provider.kind === 'genesys' ? profile.provider.domain : undefined;
        const regionKey = GENESYS_REGIONS.find((r) => r.domain === domain)?.key.replace(/_/g, '-');
        return { url: granted.url, key: granted.key, consumer: granted.view.consumer, profile: profileId, expiresAt: granted.view.expiresAt, serving: context.serving, ...(regionKey ? { regionKey } : {}) };
      } catch (error) {
        if (error instanceof GrantError) throw context.fail(error.message);
        throw error;
      }
    },
    gatewayList: async (): Promise<AgentResponses['gatewayList']> => {
      const gateway = gatewayOrFail();
      const consumers: GatewayConsumerView[] = gateway.list().map((entry) => ({
        consumer: entry.consumer,
        profile: entry.profileId,
        allow: entry.allow,
        readOnly: entry.readOnly,
        temporary: entry.temporary,
        createdAt: entry.createdAt,
        expiresAt: entry.expiresAt,
        expired: entry.expired,
        lastUsedAt: entry.figures.lastUsedAt,
        requests: entry.figures.requests,
        requestsLastMinute: entry.figures.requestsLastMinute,
        upstream401: entry.figures.upstream401,
        upstream429: entry.figures.upstream429,
        refused: entry.figures.refused,
      }));
      const url = gateway.url;
      return { ...(url ? { url } : {}), serving: context.serving && gateway.listening, consumers, budgets: gateway.budgetsInUse() };
    },
    gatewayRevoke: async (params: AgentParams<'gatewayRevoke'>): Promise<AgentResponses['gatewayRevoke']> => {
      const revoked = await gatewayOrFail().revoke(params.consumer);
      if (!revoked) throw context.fail(`No consumer "${params.consumer}" holds a gateway key. Run \`tokentray gateway list\` to see them.`);
      return { consumer: params.consumer, revoked };
    },
  };
}
