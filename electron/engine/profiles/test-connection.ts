// "Test connection" for a profile before it is saved: validates the input like Add does, then
// proves it against the provider. Client credentials obtain a real token (kept nowhere: only its
// lifetime, granted scopes and, on Genesys, the org name come back). Sign-in grants cannot get a
// token without the user, so their endpoints are checked and the user is told to save and sign in.

import type { FieldProblem, ProfileConfig } from '../../../shared/domain.js';
import type { ConnectionTest } from '../../../shared/dashboard-types.js';
import { EngineError, type Clock, type ProfileSecrets } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import type { OidcMetadata } from '../oidc/discovery.js';
import { genesysEndpoints } from '../regions/regions.js';
import { requestToken, resolveTokenEndpointFor } from '../refresher/token-client.js';
import type { GenesysIntrospector } from '../validator/genesys-introspection.js';
import { parseProfileInput } from './profile-input.js';

export interface ConnectionTestDeps {
  clock: Clock;
  discover: (issuer: string) => Promise<OidcMetadata>;
  introspector: GenesysIntrospector;
  /**
   * The profile being edited and its stored secrets: a blank secret field keeps the stored one,
   * unless the edit moves the token endpoint, which the same rule as Edit refuses (the stored
   * secret is never sent to a new address, not even for a test).
   */
  existing?: { profile: ProfileConfig; secrets: ProfileSecrets | undefined };
  fetch?: FetchFunction;
}

export async function testConnection(input: Record<string, unknown>, deps: ConnectionTestDeps): Promise<ConnectionTest> {
  const existing = deps.existing;
  const parsed = parseProfileInput(input, existing ? { editing: { current: existing.profile, hasStoredSecret: Boolean(existing.secrets?.clientSecret) } } : {});
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const { profile } = parsed;
  const clientSecret = parsed.secrets.clientSecret ?? existing?.secrets?.clientSecret;
  try {
    if (profile.grant !== 'client_credentials') return await checkSignInEndpoints(profile, deps);
    const endpoint = await resolveTokenEndpointFor(profile, deps.discover);
    const params: Record<string, string> = { grant_type: 'client_credentials' };
    if (profile.provider.kind === 'oidc' && profile.requiredScopes.length > 0) params.scope = profile.requiredScopes.join(' ');
    const tokens = await requestToken({
      tokenUrl: endpoint.tokenUrl,
      clientAuth: { method: endpoint.authMethod, clientId: profile.clientId, ...(clientSecret ? { clientSecret } : {}) },
      params,
      timeoutMs: 15_000,
      clock: deps.clock,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    let organization: string | undefined;
    if (profile.provider.kind === 'genesys') {
      const me = await deps.introspector.introspect(genesysEndpoints(profile.provider).apiBaseUrl, tokens.accessToken);
      if (me.kind === 'ok') organization = me.info.organization?.name ?? me.info.organization?.id;
    }
    const lifetimeMin = Math.max(1, Math.round((tokens.expiresAt - tokens.issuedAt) / 60_000));
    const scopes = tokens.scope?.split(/\s+/).filter(Boolean).sort() ?? [];
    return {
      ok: true,
      obtainedToken: true,
      scopes,
      ...(organization ? { organization } : {}),
      message: `Connected: ${new URL(endpoint.tokenUrl).host} issued a token that lives ${lifetimeMin} min${organization ? ` for the org ${organization}` : ''}.`
        + (profile.provider.kind === 'genesys' ? ' Client-credentials clients are governed by their roles.' : scopes.length ? '' : ' The server named no scopes.'),
    };
  } catch (error) {
    return { ok: false, problems: [problem(profile, error)] };
  }
}

async function checkSignInEndpoints(profile: ProfileConfig, deps: ConnectionTestDeps): Promise<ConnectionTest> {
  if (profile.provider.kind === 'genesys') {
    const { authorizeUrl } = genesysEndpoints(profile.provider);
    return { ok: true, obtainedToken: false, scopes: [], message: `The settings are valid. Save the profile, then sign in with the browser (${new URL(authorizeUrl).host}) to get a token and see the granted scopes.` };
  }
  const metadata = await deps.discover(profile.provider.issuer);
  if (!metadata.authorizationEndpoint) {
    return { ok: true, obtainedToken: false, scopes: [], message: `${metadata.issuer} answered discovery but advertises no browser sign-in${metadata.deviceAuthorizationEndpoint ? '; use the device sign-in after saving' : ''}.` };
  }
  return { ok: true, obtainedToken: false, scopes: [], message: `Found ${metadata.issuer} (discovery works${metadata.deviceAuthorizationEndpoint ? ', device sign-in available' : ''}). Save the profile, then sign in to get a token and see the granted scopes.` };
}

function problem(profile: ProfileConfig, error: unknown): FieldProblem {
  const message = error instanceof EngineError ? error.problem.message : error instanceof Error ? error.message : String(error);
  return { profile: profile.name, field: 'form', value: '', message: `Test failed: ${message}` };
}
