// Decides which profiles the engine starts with: the saved ones, with the profile built from
// GENESYS_* environment variables applied on EVERY start (the variables win over what was saved,
// and each change is reported); with nothing saved and no variables, the demo profiles of the demo
// peer the entry point passed (clearly labelled as sandbox), so a fresh machine still shows real
// tokens being refreshed.

import { createHash } from 'node:crypto';
import type { ProfileConfig } from '../../shared/domain.js';
import type { ProfileSecrets } from './contracts.js';
import type { DemoPeer, StartDemo } from './demo-peer.js';
import { profileFromEnvironment } from './profiles/index.js';
import type { FieldProblem } from './profiles/index.js';

export type ProfileSource = 'saved' | 'environment' | 'sandbox';

export interface BootstrapResult {
  source: ProfileSource;
  profiles: ProfileConfig[];
  /** Secrets to put in the vault: the demo peer's sessions, or the environment's (which win). */
  seedSecrets: Map<string, ProfileSecrets>;
  webhookUrl?: string;
  /** Environment variables that were set but invalid: shown to the user, never fatal. */
  environmentProblems: FieldProblem[];
  /** What the environment changed in the saved profile, in words (empty on the first start). */
  environmentChanges: string[];
  /** The profile list differs from the saved file and should be written back. */
  saveProfiles: boolean;
}

export interface BootstrapInputs<Demo extends DemoPeer> {
  saved: ProfileConfig[];
  env: Record<string, string | undefined>;
  /** Starts the demo peer on demand; only called when nothing else is configured. Absent: no demo. */
  startDemo?: StartDemo<Demo>;
}

export async function bootstrapProfiles<Demo extends DemoPeer>(inputs: BootstrapInputs<Demo>): Promise<BootstrapResult & { demo?: Demo }> {
  const seedSecrets = new Map<string, ProfileSecrets>();
  const fromEnv = profileFromEnvironment(inputs.env);
  const environmentProblems = fromEnv.kind === 'invalid' ? fromEnv.problems : [];
  const base = { seedSecrets, environmentProblems, environmentChanges: [] as string[], saveProfiles: false };

  if (fromEnv.kind === 'profile') {
    const saved = inputs.saved.find((p) => p.id === fromEnv.profile.id);
    // The variables say where and who; what the user chose in the app (scopes, redirect) stays.
    const profile: ProfileConfig = saved
      ? { ...fromEnv.profile, requiredScopes: saved.requiredScopes, ...(saved.redirectUri ? { redirectUri: saved.redirectUri } : {}) }
      : fromEnv.profile;
    const environmentChanges = saved ? describeChanges(saved, profile) : [];
    const profiles = saved ? inputs.saved.map((p) => (p.id === profile.id ? profile : p)) : [...inputs.saved, profile];
    seedSecrets.set(profile.id, fromEnv.secrets);
    return {
      ...base,
      source: inputs.saved.every((p) => p.id === profile.id) ? 'environment' : 'saved',
      profiles,
      environmentChanges,
      saveProfiles: !saved || environmentChanges.length > 0,
      ...(fromEnv.webhookUrl ? { webhookUrl: fromEnv.webhookUrl } : {}),
    };
  }
  if (inputs.saved.length > 0) return { ...base, source: 'saved', profiles: inputs.saved };
  if (fromEnv.kind === 'invalid') {
    // A half-configured environment must not silently turn into a demo: start empty and say why.
    return { ...base, source: 'environment', profiles: [] };
  }
  if (!inputs.startDemo) return { ...base, source: 'saved', profiles: [] };

  const demo = await inputs.startDemo();
  const profiles: ProfileConfig[] = [];
  for (const { profile, secrets } of demo.demoProfiles()) {
    // Labelled by the engine, whatever the peer said: demo profiles are shown as such and never saved.
    profiles.push({ ...profile, sandbox: true });
    seedSecrets.set(profile.id, { ...secrets });
  }
  return { ...base, source: 'sandbox', profiles, demo };
}

function describeChanges(before: ProfileConfig, after: ProfileConfig): string[] {
  const changes: string[] = [];
  const where = (p: ProfileConfig) => (p.provider.kind === 'genesys' ? p.provider.domain : p.provider.issuer);
  if (where(before) !== where(after)) changes.push(`GENESYS_ENV: region ${where(before)} → ${where(after)}`);
  if (before.clientId !== after.clientId) changes.push(`GENESYS_CLIENT_ID: client ${before.clientId} → ${after.clientId}`);
  if (before.grant !== after.grant) changes.push(`GENESYS_REFRESH_TOKEN ${after.grant === 'client_credentials' ? 'unset' : 'set'}: grant ${before.grant} → ${after.grant}`);
  return changes;
}

/** What seeding needs of the vault. */
export interface SeedTarget {
  get(profileId: string): ProfileSecrets | undefined;
  update(profileId: string, patch: Partial<ProfileSecrets>): Promise<void>;
  remove(profileId: string): Promise<void>;
}

/**
 * Puts the start-up secrets in the vault and returns what changed, in words (never the secrets).
 * The sandbox starts fresh sessions every run. The environment's client secret always wins. Its
 * refresh token wins only when the variable changed since it was last applied: with the same
 * variable the vault's token is newer (rotated), and the one in the variable is already used up.
 */
export async function seedVault(vault: SeedTarget, boot: Pick<BootstrapResult, 'source' | 'seedSecrets'>): Promise<string[]> {
  const changes: string[] = [];
  for (const [profileId, secrets] of boot.seedSecrets) {
    if (boot.source === 'sandbox') {
      await vault.remove(profileId);
      await vault.update(profileId, secrets);
      continue;
    }
    const stored = vault.get(profileId) ?? {};
    const patch: Partial<ProfileSecrets> = {};
    if (secrets.clientSecret && secrets.clientSecret !== stored.clientSecret) {
      patch.clientSecret = secrets.clientSecret;
      if (stored.clientSecret) changes.push('GENESYS_CLIENT_SECRET differs from the stored client secret: the one from the environment is used.');
    }
    if (secrets.refreshToken) {
      const fingerprint = createHash('sha256').update(secrets.refreshToken).digest('base64url');
      if (stored.environmentRefreshTokenSha256 === undefined && stored.refreshToken !== undefined) {
        // Stored before fingerprints existed: assume it descends from this variable and keep it.
        patch.environmentRefreshTokenSha256 = fingerprint;
      } else if (fingerprint !== stored.environmentRefreshTokenSha256) {
        patch.refreshToken = secrets.refreshToken;
        patch.environmentRefreshTokenSha256 = fingerprint;
        if (stored.environmentRefreshTokenSha256 !== undefined) changes.push('GENESYS_REFRESH_TOKEN changed: the new refresh token replaces the stored one.');
      }
    }
    for (const [key, value] of Object.entries(secrets) as [keyof ProfileSecrets, string | undefined][]) {
      if (key !== 'clientSecret' && key !== 'refreshToken' && value !== undefined && stored[key] === undefined) (patch as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(patch).length > 0) await vault.update(profileId, patch);
  }
  return changes;
}
