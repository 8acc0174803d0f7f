// Stored secrets are bound to where they may go. Each vault entry records the destination
// (provider, token host or issuer, API host, client id) it was saved for, inside the encrypted and
// authenticated vault, so nobody without the vault key can change it. A profiles.json that points
// a profile somewhere else (a hand edit, or another local user who could write the file) cannot
// make TokenTray send the stored client secret or refresh token there: at start the entry's
// destination is compared with the profile's, and on a mismatch the secrets are set aside under
// a quarantine key, never used and never deleted, with a notice that says what moved.

import type { ProfileConfig } from '../../../shared/domain.js';
import type { ProfileSecrets } from '../contracts.js';
import { secretDestination } from './secret-destination.js';

interface BindingVault {
  get(profileId: string): ProfileSecrets | undefined;
  update(profileId: string, patch: Partial<ProfileSecrets>): Promise<void>;
  remove(profileId: string): Promise<void>;
}

const SECRET_KEYS: (keyof ProfileSecrets)[] = ['clientSecret', 'refreshToken', 'accessToken', 'idToken'];

/** Where secrets set aside for a profile are kept ('@' never starts a profile id). */
export const quarantineKey = (profileId: string, at: number) => `@quarantined:${profileId}:${at}`;

/**
 * Checks every saved profile against the destination its secrets were stored for; binds entries
 * that predate binding (trust on first use). Returns one message per profile whose secrets were
 * set aside.
 */
export async function enforceSecretBindings(vault: BindingVault, profiles: ProfileConfig[], now: number, options: { trustDestinations?: boolean } = {}): Promise<string[]> {
  const messages: string[] = [];
  // Binding writes are started together: the vault groups them into one durable write, instead of
  // one fsync per profile on the first start after an upgrade.
  const binds: Promise<void>[] = [];
  for (const profile of profiles) {
    if (profile.sandbox) continue;
    const stored = vault.get(profile.id);
    const destination = secretDestination(profile);
    if (!stored || stored.boundTo === destination) continue;
    const holdsSecrets = SECRET_KEYS.some((key) => stored[key] !== undefined);
    if (stored.boundTo === undefined || !holdsSecrets || options.trustDestinations) {
      binds.push(vault.update(profile.id, { boundTo: destination }));
      continue;
    }
    await vault.update(quarantineKey(profile.id, now), stored);
    await vault.remove(profile.id);
    await vault.update(profile.id, { boundTo: destination });
    messages.push(`"${profile.name}" now points at ${describe(destination)}, but its stored secrets were saved for ${describe(stored.boundTo)}. They were not sent anywhere and are kept aside. If you changed profiles.json yourself, enter the client secret and sign in again; if you did not, someone who can write the data folder changed it: check its owner and permissions.`);
  }
  await Promise.all(binds);
  return messages;
}

/** The destination in words: the hosts or issuer and the client id. */
function describe(destination: string): string {
  try {
    const parts = (JSON.parse(destination) as string[]).filter(Boolean);
    const clientId = parts.pop();
    return `${parts.slice(1).join(', ')} (client ${clientId ?? '?'})`;
  } catch {
    return 'another destination';
  }
}
