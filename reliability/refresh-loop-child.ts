// Child process of the kill -9 scenario: refreshes one profile in a loop against the parent's
// sandbox, printing where it is so the parent knows what its SIGKILL interrupted:
//   S = a token request has left (the server may rotate the refresh token any moment)
//   W = the response arrived and the vault write has begun (not durable yet)
//   D = the write is durable
// The access token is handed out at W without waiting for D (the old refresh token is already
// spent, so waiting buys nothing), and the next S waits for the previous D. The window from S to
// D is the unavoidable one: a kill there can lose a rotated refresh token, and only there.
import { systemClock } from '../electron/engine/contracts.js';
import { Refresher } from '../electron/engine/refresher/refresher.js';
import { resolveTokenEndpointFor } from '../electron/engine/refresher/token-client.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import type { ProfileConfig } from '../shared/domain.js';

const [vaultFile, keyFile, profileJson] = process.argv.slice(2) as [string, string, string];
const profile = JSON.parse(profileJson) as ProfileConfig;
const vault = await Vault.open({ file: vaultFile, cipher: await AesGcmCipher.fromKeyFile(keyFile), persist: 'always' });
const mark = (c: string) => process.stdout.write(c);
const store = {
  get: (id: string) => vault.get(id),
  clear: vault.clear.bind(vault),
  remove: vault.remove.bind(vault),
  async update(id: string, patch: Parameters<Vault['update']>[1]) {
    mark('W');
    await vault.update(id, patch);
    mark('D');
  },
};
const refresher = new Refresher({
  store,
  clock: systemClock,
  resolveEndpoint: (p) => resolveTokenEndpointFor(p),
  // S is marked as the request leaves (after the previous write is durable), not when the refresh starts.
  fetch: (url, init) => {
    mark('S');
    return fetch(url, init);
  },
  policy: { maxAttempts: 1 },
});
mark('R');
for (;;) {
  try {
    await refresher.refresh(profile, 'forced');
  } catch (error) {
    process.stdout.write(`E${error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error)}\n`);
    process.exit(3);
  }
}
