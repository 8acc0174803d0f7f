// Which sign-ins the dashboard offers, from real discovery documents: panva's oidc-provider with
// the device flow enabled advertises it; the sandbox's OpenID issuer does not; Genesys has none.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileConfig } from '../../../shared/domain.js';
import { discoverIssuer } from '../../../electron/engine/oidc/discovery.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { signInOptionsFor } from '../../../electron/engine/signin/signin-options.js';
import { NATIVE_CONFIDENTIAL, startOidcProvider, type OidcProviderHarness } from '../../support/oidc-provider-harness.js';

let op: OidcProviderHarness;
let sandbox: SandboxIdp;
beforeAll(async () => {
  op = await startOidcProvider();
  sandbox = await startSandboxIdp();
});
afterAll(async () => {
  await op?.close();
  await sandbox?.close();
});

const oidc = (issuer: string): ProfileConfig => ({ id: 'p', name: 'P', provider: { kind: 'oidc', issuer }, grant: 'authorization_code', clientId: NATIVE_CONFIDENTIAL.clientId, requiredScopes: [] });

describe('sign-in options', () => {
  it('offers device sign-in where discovery advertises a device authorization endpoint', async () => {
    expect(await signInOptionsFor(oidc(op.issuer), discoverIssuer)).toEqual({ browser: true, device: true });
  });

  it('does not where the issuer does not advertise it, and says so', async () => {
    const options = await signInOptionsFor(oidc(sandbox.issuer), discoverIssuer);
    expect(options).toMatchObject({ browser: true, device: false });
    expect(options.note).toMatch(/does not advertise device sign-in/);
  });

  it('Genesys offers the browser only; client credentials need no sign-in', async () => {
    const genesys: ProfileConfig = { id: 'g', name: 'G', provider: { kind: 'genesys', domain: 'mypurecloud.com' }, grant: 'pkce', clientId: 'c', requiredScopes: [] };
    expect(await signInOptionsFor(genesys, discoverIssuer)).toEqual({ browser: true, device: false });
    expect((await signInOptionsFor({ ...genesys, grant: 'client_credentials' }, discoverIssuer)).browser).toBe(false);
  });
});
