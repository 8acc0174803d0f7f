import type { ProfileConfig } from '../../shared/domain.js';
import { SANDBOX_CLIENTS } from '../../electron/sandbox/demo-clients.js';
import type { SandboxIdp } from '../../electron/sandbox/sandbox-idp.js';
import { resolveTokenEndpointFor, type ResolveTokenEndpoint } from '../../electron/engine/refresher/token-client.js';

export function genesysCodeProfile(sandbox: SandboxIdp, id = 'p1'): ProfileConfig {
  return {
    id,
    name: `Test ${id}`,
    provider: { kind: 'genesys', domain: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl },
    grant: 'authorization_code',
    clientId: SANDBOX_CLIENTS.codeClient.clientId,
    requiredScopes: ['conversations'],
  };
}

/** The production resolver: login.<domain>/oauth/token (or the gateway override) with Basic auth. */
export const genesysResolver: ResolveTokenEndpoint = (profile) => resolveTokenEndpointFor(profile);
