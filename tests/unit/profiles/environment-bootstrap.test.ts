import { describe, expect, it } from 'vitest';
import { bootstrapProfiles, seedVault } from '../../../electron/engine/profile-bootstrap.js';
import { profileFromEnvironment } from '../../../electron/engine/profiles/index.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { join } from 'node:path';

const tempDir = useTempDirs();
const env = { GENESYS_ENV: 'eu-west-1', GENESYS_CLIENT_ID: 'cid', GENESYS_CLIENT_SECRET: 'secret-one', GENESYS_REFRESH_TOKEN: 'rt-from-env-1' };
const noDemo = () => Promise.reject(new Error('the demo peer must not start when GENESYS_* is set'));

async function firstStart() {
  const found = profileFromEnvironment(env);
  if (found.kind !== 'profile') throw new Error('env should parse');
  return found.profile;
}

describe('GENESYS_* variables on every start', () => {
  it('seed the client secret on the second start too, so memory-only secrets still have it', async () => {
    const saved = [await firstStart()];
    const boot = await bootstrapProfiles({ saved, env, startDemo: noDemo });
    expect(boot.seedSecrets.get('genesys-env')?.clientSecret).toBe('secret-one');
    // A memory-only vault (weak protection, no opt-in) starts empty on every run.
    const vault = await Vault.open({ file: join(tempDir(), 'vault.json'), cipher: AesGcmCipher.random({ strong: false }), persist: 'auto' });
    expect(vault.persistent).toBe(false);
    await seedVault(vault, boot);
    expect(vault.get('genesys-env')?.clientSecret).toBe('secret-one');
  });

  it('win over the saved profile, and each change is reported; choices made in the app stay', async () => {
    const saved = [{ ...(await firstStart()), requiredScopes: ['users'] }];
    const boot = await bootstrapProfiles({ saved, env: { ...env, GENESYS_ENV: 'us-east-1', GENESYS_CLIENT_ID: 'cid-2' }, startDemo: noDemo });
    expect(boot.profiles[0]).toMatchObject({ clientId: 'cid-2', provider: { domain: 'mypurecloud.com' }, requiredScopes: ['users'] });
    expect(boot.environmentChanges.join(' ')).toMatch(/mypurecloud\.ie → mypurecloud\.com/);
    expect(boot.environmentChanges.join(' ')).toMatch(/cid → cid-2/);
    expect(boot.saveProfiles).toBe(true);
  });

  it('keep the rotated refresh token when the variable is unchanged, and replace it when it changes', async () => {
    const vault = await Vault.open({ file: join(tempDir(), 'vault.json'), cipher: AesGcmCipher.random(), persist: 'auto' });
    const saved = [await firstStart()];
    expect(await seedVault(vault, await bootstrapProfiles({ saved: [], env, startDemo: noDemo }))).toEqual([]);
    await vault.update('genesys-env', { refreshToken: 'rotated-by-the-server' });
    expect(await seedVault(vault, await bootstrapProfiles({ saved, env, startDemo: noDemo }))).toEqual([]);
    expect(vault.get('genesys-env')?.refreshToken).toBe('rotated-by-the-server');
    const changes = await seedVault(vault, await bootstrapProfiles({ saved, env: { ...env, GENESYS_REFRESH_TOKEN: 'rt-from-env-2', GENESYS_CLIENT_SECRET: 'secret-two' }, startDemo: noDemo }));
    expect(vault.get('genesys-env')).toMatchObject({ refreshToken: 'rt-from-env-2', clientSecret: 'secret-two' });
    expect(changes).toHaveLength(2);
    expect(changes.join(' ')).not.toMatch(/rt-from-env|secret-two/);
  });
});
