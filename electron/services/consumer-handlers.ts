// The dashboard's Consumers calls (issue 18): list, grant and revoke the local gateway's consumer
// keys. The same translations the agent's `tokentray gateway …` calls use (agent-gateway.ts), with
// the dashboard's error codes. A granted key is returned once, to the caller, and never logged.

import type { ApiHandlers } from '../../shared/ipc.js';
import { EngineError, type TokenEngine } from '../engine/index.js';
import { gatewayCalls, type GatewayCallContext } from '../gateway/agent-gateway.js';

/** The gateway as it is now: it starts beside the agent, after the dashboard's handlers exist. */
export type GatewaySource = () => GatewayCallContext['gateway'];

type ConsumerHandlers = Pick<ApiHandlers, 'listConsumers' | 'grantConsumerKey' | 'revokeConsumer'>;

export function createConsumerHandlers(engine: TokenEngine, gateway: GatewaySource | undefined): ConsumerHandlers {
  const calls = () => {
    const current = gateway?.();
    if (!current) throw problem('gateway_unavailable', 'The local gateway is not running in this TokenTray (its log says why); restart TokenTray to try again.');
    return gatewayCalls({
      gateway: current,
      resolveProfile: (ref) => {
        const profile = engine.profiles().find((p) => p.id === ref);
        if (!profile) throw problem('unknown_profile', `There is no profile "${ref}". Choose one of the profiles listed in the form.`);
        return profile.id;
      },
      profiles: () => engine.profiles(),
      serving: true,
      fail: (message) => problem('gateway_refused', message),
    });
  };
  return {
    listConsumers: () => calls().gatewayList(),
    grantConsumerKey: ({ profileId, consumer, allow, readOnly, expiresInDays }) => {
      const rules = (allow ?? []).map((rule) => rule.trim()).filter((rule) => rule.length > 0);
      return calls().gatewayGrant({
        profile: profileId,
        consumer,
        ...(rules.length ? { allow: rules } : {}),
        ...(readOnly ? { readOnly: true } : {}),
        ...(expiresInDays ? { expiresSec: expiresInDays * 24 * 3600 } : {}),
      });
    },
    revokeConsumer: ({ consumer }) => calls().gatewayRevoke({ consumer }),
  };
}

function problem(code: 'gateway_unavailable' | 'gateway_refused' | 'unknown_profile', message: string): EngineError {
  return new EngineError('config', { code, message, at: Date.now() });
}
