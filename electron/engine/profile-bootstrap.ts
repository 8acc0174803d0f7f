// Decides which profiles the engine starts with: the saved ones; else one built from GENESYS_*
// environment variables; else the built-in sandbox demo profiles (clearly labelled), so a fresh
// machine with nothing configured still shows real tokens being refreshed.

import type { ProfileConfig } from '../../shared/domain.js';
import type { ProfileSecrets } from './contracts.js';
import { profileFromEnvironment, sandboxProfiles, sandboxSecrets } from './profiles/index.js';
import type { FieldProblem } from './profiles/index.js';
import type { SandboxIdp } from './sandbox/sandbox-idp.js';

export type ProfileSource = 'saved' | 'environment' | 'sandbox';

export interface BootstrapResult {
  source: ProfileSource;
  profiles: ProfileConfig[];
  /** Secrets to put in the vault for profiles that are new (environment or sandbox). */
  seedSecrets: Map<string, ProfileSecrets>;
  webhookUrl?: string;
  /** Environment variables that were set but invalid: shown to the user, never fatal. */
  environmentProblems: FieldProblem[];
}

export interface BootstrapInputs {
  saved: ProfileConfig[];
  env: Record<string, string | undefined>;
  /** Starts the sandbox on demand; only called when nothing else is configured. */
  startSandbox: () => Promise<SandboxIdp>;
}

export async function bootstrapProfiles(inputs: BootstrapInputs): Promise<BootstrapResult & { sandbox?: SandboxIdp }> {
  const seedSecrets = new Map<string, ProfileSecrets>();
  const fromEnv = profileFromEnvironment(inputs.env);
  const environmentProblems = fromEnv.kind === 'invalid' ? fromEnv.problems : [];

  if (inputs.saved.length > 0) {
    return { source: 'saved', profiles: inputs.saved, seedSecrets, environmentProblems };
  }
  if (fromEnv.kind === 'profile') {
    seedSecrets.set(fromEnv.profile.id, fromEnv.secrets);
    return {
      source: 'environment',
      profiles: [fromEnv.profile],
      seedSecrets,
      webhookUrl: fromEnv.webhookUrl,
      environmentProblems,
    };
  }
  if (fromEnv.kind === 'invalid') {
    // A half-configured environment must not silently turn into a demo: start empty and say why.
    return { source: 'environment', profiles: [], seedSecrets, environmentProblems };
  }

  const sandbox = await inputs.startSandbox();
  const profiles = sandboxProfiles({ loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, issuer: sandbox.issuer });
  for (const profile of profiles) {
    const secrets: ProfileSecrets = { ...sandboxSecrets(profile.id) };
    // The demo user is "already signed in" for the code-grant profiles: mint them a refresh token.
    if (profile.grant === 'authorization_code') {
      secrets.refreshToken = sandbox.mintRefreshToken(profile.clientId);
    }
    seedSecrets.set(profile.id, secrets);
  }
  return { source: 'sandbox', profiles, seedSecrets, environmentProblems, sandbox };
}
