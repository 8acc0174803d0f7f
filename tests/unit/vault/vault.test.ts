import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJlLXZhbHVlLWxvbmc';
const REFRESH = 'rt-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

describe('Vault', () => {
  it('round-trips secrets through an encrypted file and reopens them', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const cipher = AesGcmCipher.random();
    const vault = await Vault.open({ file, cipher, persist: 'auto' });
    await vault.update('p', { accessToken: ACCESS, refreshToken: REFRESH, accessTokenExpiresAt: 123 });
    const reopened = await Vault.open({ file, cipher, persist: 'auto' });
    expect(reopened.get('p')).toEqual({ accessToken: ACCESS, refreshToken: REFRESH, accessTokenExpiresAt: 123 });
    expect(reopened.protection()).toMatchObject({ strong: true, persistent: true });
  });

  it('writes no token bytes in clear: not the token, its base64, nor its hex', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const vault = await Vault.open({ file, cipher: AesGcmCipher.random(), persist: 'auto' });
    await vault.update('p', { accessToken: ACCESS, refreshToken: REFRESH, clientSecret: 'client-secret-value-123' });
    const raw = readFileSync(file);
    for (const secret of [ACCESS, REFRESH, 'client-secret-value-123']) {
      for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'), secret.slice(4, 20)]) {
        expect(raw.includes(Buffer.from(form))).toBe(false);
      }
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('with no key available right now, neither reads nor sets aside the vault, and writes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const cipher = AesGcmCipher.random();
    await (await Vault.open({ file, cipher, persist: 'auto' })).update('p', { refreshToken: REFRESH });
    const before = readFileSync(file, 'utf8');
    const noKey = { backend: cipher.backend, strong: true, isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => Buffer.alloc(0) };
    const vault = await Vault.open({ file, cipher: noKey, persist: 'auto' });
    expect(vault.get('p')).toBeUndefined();
    expect(vault.recovery()).toBeUndefined();
    await vault.update('p', { refreshToken: 'rt-new-while-locked-0123456789' });
    expect(vault.protection()).toMatchObject({ persistent: false });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['vault.json']);
  });

  it('keeps secrets in memory only on weak protection until the user opts in', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const weak = AesGcmCipher.random({ strong: false, backend: 'basic_text' });
    const vault = await Vault.open({ file, cipher: weak, persist: 'auto' });
    await vault.update('p', { refreshToken: REFRESH });
    expect(vault.get('p')?.refreshToken).toBe(REFRESH);
    expect(readdirSync(dir)).toEqual([]);
    expect(vault.protection()).toMatchObject({ persistent: false, strong: false });
    expect(vault.protection().message).toMatch(/memory only/);
    await vault.setPersist('always');
    expect(readdirSync(dir)).toEqual(['vault.json']);
    expect(vault.protection().message).toMatch(/weak protection/);
  });

  it('sets a corrupt file aside, starts empty and says why', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    writeFileSync(file, '{"format":"tokentray-vault","vers');
    const vault = await Vault.open({ file, cipher: AesGcmCipher.random(), persist: 'auto' });
    expect(vault.get('p')).toBeUndefined();
    const recovery = vault.recovery();
    expect(recovery?.reason).toMatch(/not valid JSON/);
    expect(readFileSync(recovery!.movedTo, 'utf8')).toContain('tokentray-vault');
  });

  it('sets aside a vault that the current key cannot decrypt (keyring changed)', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const first = await Vault.open({ file, cipher: AesGcmCipher.random(), persist: 'auto' });
    await first.update('p', { refreshToken: REFRESH });
    const other = await Vault.open({ file, cipher: AesGcmCipher.random(), persist: 'auto' });
    expect(other.get('p')).toBeUndefined();
    expect(other.recovery()?.reason).toMatch(/could not be decrypted/);
    await other.update('q', { refreshToken: 'new' });
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
  });

  it('serialises concurrent updates so the last one wins on disk', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const cipher = AesGcmCipher.random();
    const vault = await Vault.open({ file, cipher, persist: 'auto' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => vault.update('p', { accessTokenExpiresAt: i })));
    const reopened = await Vault.open({ file, cipher, persist: 'auto' });
    expect(reopened.get('p')?.accessTokenExpiresAt).toBe(19);
  });

  it('group commit: 1,000 concurrent updates take a few durable writes, and each resolves only once its own change is on disk', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const cipher = AesGcmCipher.random();
    const vault = await Vault.open({ file, cipher, persist: 'auto' });
    const onDiskWhenResolved: boolean[] = [];
    await Promise.all(Array.from({ length: 1_000 }, async (_, i) => {
      await vault.update(`p${i}`, { refreshToken: `rt-${i}` });
      // What a crash right now would leave: the file on disk, read by a fresh process.
      const disk = await Vault.open({ file, cipher, persist: 'auto' });
      onDiskWhenResolved.push(disk.get(`p${i}`)?.refreshToken === `rt-${i}`);
    }));
    expect(onDiskWhenResolved.every(Boolean)).toBe(true);
    expect(vault.writeCount()).toBeLessThanOrEqual(3);
  });

  it('removes temp files of writes a kill interrupted when it opens, but not those of a live process', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const dead = join(dir, '.vault.json.999999999.a1b2c3d4e5f6.tmp');
    const live = join(dir, `.vault.json.${process.ppid}.0a0b0c0d0e0f.tmp`);
    const unrelated = join(dir, '.other.json.999999999.a1b2c3d4e5f6.tmp');
    for (const f of [dead, live, unrelated]) writeFileSync(f, 'partial');
    await Vault.open({ file, cipher: AesGcmCipher.random(), persist: 'auto' });
    const left = readdirSync(dir);
    expect(left).not.toContain('.vault.json.999999999.a1b2c3d4e5f6.tmp');
    expect(left).toContain(`.vault.json.${process.ppid}.0a0b0c0d0e0f.tmp`);
    expect(left).toContain('.other.json.999999999.a1b2c3d4e5f6.tmp');
  });

  it('survives being killed mid-write: the file always opens with a complete state', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const keyFile = join(dir, 'key');
    for (let round = 0; round < 4; round += 1) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hammer-vault.ts'), file, keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 120));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const vault = await Vault.open({ file, cipher: await AesGcmCipher.fromKeyFile(keyFile), persist: 'always' });
      expect(vault.recovery()).toBeUndefined();
      expect(vault.get('p')?.refreshToken).toMatch(/^rt-\d+-x+$/);
    }
  }, 20_000);
});
