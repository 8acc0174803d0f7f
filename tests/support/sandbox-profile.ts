import type { ProfileConfig } from '../../shared/domain.js';
import { SANDBOX_CLIENTS } from '../../electron/engine/sandbox/demo-clients.js';
import type { SandboxIdp } from '../../electron/engine/sandbox/sandbox-idp.js';
import { genesysEndpoints } from '../../electron/engine/regions/regions.js';
import type { ResolveTokenEndpoint } from '../../electron/engine/refresher/token-client.js';

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

export const genesysResolver: ResolveTokenEndpoint = async (profile) => {
  if (profile.provider.kind !== 'genesys') throw new Error('genesys only');
  return { tokenUrl: genesysEndpoints(profile.provider).tokenUrl, authMethod: 'client_secret_basic' };
};
