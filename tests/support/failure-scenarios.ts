// Four profiles that fail at once, each for its own reason, against the real sandbox and loopback:
// a rejected client secret, a revoked refresh token, a gateway nobody listens on, and a host that
// does not resolve. Used by the dashboard's screenshot and newcomer suites.

import type { TokenEngine } from '../../electron/engine/engine.js';
import type { SandboxDemo } from '../../electron/sandbox/sandbox-demo.js';
import { SANDBOX_CLIENTS } from '../../electron/sandbox/demo-clients.js';
import { closedPort } from './closed-port.js';

export const FAILING_NAMES = {
  secret: 'Billing reports',
  signIn: 'Support desk',
  down: 'Team gateway',
  region: 'EU analytics',
} as const;

export async function addFailingProfiles(engine: TokenEngine<SandboxDemo>): Promise<Record<keyof typeof FAILING_NAMES, string>> {
  const sandbox = engine.sandbox!;
  const { loginBaseUrl, apiBaseUrl } = sandbox;
  const downPort = await closedPort();
  const inputs: Record<keyof typeof FAILING_NAMES, Record<string, string>> = {
    secret: { name: FAILING_NAMES.secret, provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl, apiBaseUrl, grant: 'client_credentials', clientId: SANDBOX_CLIENTS.serviceClient.clientId, clientSecret: 'not-the-secret' },
    signIn: { name: FAILING_NAMES.signIn, provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl, apiBaseUrl, grant: 'authorization_code', clientId: SANDBOX_CLIENTS.codeClient.clientId, clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret!, refreshToken: 'revoked-long-ago' },
    down: { name: FAILING_NAMES.down, provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: `http://127.0.0.1:${downPort}/login`, apiBaseUrl: `http://127.0.0.1:${downPort}/api`, grant: 'client_credentials', clientId: 'gateway-client', clientSecret: 'gateway-secret' },
    region: { name: FAILING_NAMES.region, provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: 'https://login.eu-analytics.invalid', apiBaseUrl: 'https://api.eu-analytics.invalid', grant: 'client_credentials', clientId: 'analytics-client', clientSecret: 'analytics-secret' },
  };
  const ids = {} as Record<keyof typeof FAILING_NAMES, string>;
  for (const key of Object.keys(inputs) as (keyof typeof FAILING_NAMES)[]) {
    const result = await engine.addProfile(inputs[key]);
    if (!result.ok) throw new Error(`Could not add the failing profile "${FAILING_NAMES[key]}": ${result.problems.map((p) => p.message).join('; ')}`);
    ids[key] = result.profile.id;
  }
  await Promise.all(Object.values(ids).map((id) => engine.refreshNow(id).catch(() => undefined)));
  return ids;
}
