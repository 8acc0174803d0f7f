// The vault's journal: a write appends only what changed, the file stays bounded by compaction,
// a crash's torn tail and damaged records lose only what they carried, the old format is read.
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const secretsOf = (i: number, version = 0) => ({ clientSecret: `secret-${i}-${'s'.repeat(40)}`, refreshToken: `rt-${i}-v${version}-${'r'.repeat(60)}`, accessTokenExpiresAt: version });

async function vaultWith(profiles: number) {
  const file = join(tempDir(), 'vault.json');
  const cipher = AesGcmCipher.random();
  const vault = await Vault.open({ file, cipher, persist: 'auto' });
  await Promise.all(Array.from({ length: profiles }, (_, i) => vault.update(`p${i}`, secretsOf(i))));
  await vault.flush();
  const reopen = () => Vault.open({ file, cipher, persist: 'auto' });
  return { file, cipher, vault, reopen };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('Vault journal', () => {
  it('a refresh of one profile among 300 appends a few hundred bytes, not the whole store', async () => {
    const { file, vault, reopen } = await vaultWith(300);
    await vault.update('p7', secretsOf(7, 1)); // the fill's appends outgrew its first record: this one compacts
    const before = statSync(file).size;
    await vault.update('p7', secretsOf(7, 2));
    const grown = statSync(file).size - before;
    expect(before).toBeGreaterThan(50_000);
    expect(grown).toBeGreaterThan(0);
    expect(grown).toBeLessThan(1_000);
    const reopened = await reopen();
    expect(reopened.get('p7')).toEqual(secretsOf(7, 2));
    expect(reopened.get('p8')).toEqual(secretsOf(8));
    expect(reopened.recovery()).toBeUndefined();
  });

  it('stays bounded: 1,000 rotations compact the file, which always reopens with the latest state', async () => {
    const { file, vault, reopen } = await vaultWith(50);
    const full = statSync(file).size;
    let largest = 0;
    for (let round = 1; round <= 1_000; round += 1) {
      await vault.update(`p${round % 50}`, secretsOf(round % 50, round));
      largest = Math.max(largest, statSync(file).size);
    }
    // One full record plus appends up to max(64 KiB, twice the full record), plus the last append.
    expect(largest).toBeLessThan(full + Math.max(64 * 1024, 2 * full) + 1_000);
    const reopened = await reopen();
    for (let i = 0; i < 50; i += 1) expect(reopened.get(`p${i}`)?.refreshToken).toBe(secretsOf(i, 1_000 - ((1_000 - i) % 50)).refreshToken);
  });

  it('records a removal, so a removed profile stays removed after a reopen', async () => {
    const { vault, reopen } = await vaultWith(3);
    await vault.remove('p1');
    const reopened = await reopen();
    expect(reopened.get('p1')).toBeUndefined();
    expect(reopened.get('p2')).toEqual(secretsOf(2));
  });

  it('drops a torn tail quietly, keeps what was saved before it, and rewrites the file whole next time', async () => {
    const { file, vault, reopen } = await vaultWith(3);
    await vault.update('p1', secretsOf(1, 1));
    const record = lines(file).at(-2)!;
    appendFileSync(file, record.slice(0, record.length / 2)); // a crash half-way through an append
    const reopened = await reopen();
    expect(reopened.recovery()).toBeUndefined();
    expect(reopened.get('p1')).toEqual(secretsOf(1, 1));
    await reopened.update('p2', secretsOf(2, 1));
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(lines(file)).toHaveLength(3); // header, one full record, the final empty piece
    const again = await reopen();
    expect(again.recovery()).toBeUndefined();
    expect(again.get('p2')).toEqual(secretsOf(2, 1));
  });

  it('uses a tail that was written whole but lost its newline: it may hold the only live refresh token', async () => {
    const { file, vault, reopen } = await vaultWith(2);
    await vault.update('p0', secretsOf(0, 9));
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n$/, ''));
    const reopened = await reopen();
    expect(reopened.get('p0')).toEqual(secretsOf(0, 9));
    expect(reopened.recovery()).toBeUndefined();
  });

  it('skips a damaged record in the middle, keeps every other, keeps a copy of the file and says so', async () => {
    const { file, vault, reopen } = await vaultWith(3);
    await vault.update('p1', secretsOf(1, 1));
    await vault.update('p2', secretsOf(2, 1));
    const all = lines(file);
    const p1Record = all.at(-3)!; // then p2's record, then the final empty piece
    all[all.length - 3] = `${p1Record.slice(0, 20)}${p1Record[20] === 'x' ? 'y' : 'x'}${p1Record.slice(21)}`;
    const damaged = all.join('\n');
    writeFileSync(file, damaged);
    const reopened = await reopen();
    expect(reopened.get('p1')).toEqual(secretsOf(1)); // the value saved before the damaged record
    expect(reopened.get('p2')).toEqual(secretsOf(2, 1));
    expect(reopened.recovery()).toMatchObject({ kept: true, reason: '1 damaged record was skipped and the rest was kept' });
    expect(readFileSync(reopened.recovery()!.movedTo, 'utf8')).toBe(damaged);
    await reopened.update('p0', secretsOf(0, 1));
    const again = await reopen();
    expect(again.recovery()).toBeUndefined();
    expect(again.get('p2')).toEqual(secretsOf(2, 1));
  });

  it('reads a version-1 vault (one envelope) and rewrites it as a journal on the next write', async () => {
    const file = join(tempDir(), 'vault.json');
    const cipher = AesGcmCipher.random();
    const data = cipher.encrypt(Buffer.from(JSON.stringify({ old: secretsOf(1) }))).toString('base64');
    writeFileSync(file, JSON.stringify({ format: 'tokentray-vault', version: 1, backend: cipher.backend, data }));
    const vault = await Vault.open({ file, cipher, persist: 'auto' });
    expect(vault.get('old')).toEqual(secretsOf(1));
    await vault.update('new', secretsOf(2));
    expect(JSON.parse(lines(file)[0]!)).toEqual({ format: 'tokentray-vault', version: 2, backend: cipher.backend });
    const reopened = await Vault.open({ file, cipher, persist: 'auto' });
    expect(reopened.get('old')).toEqual(secretsOf(1));
    expect(reopened.get('new')).toEqual(secretsOf(2));
  });

  it('sets aside a version-1 vault with something after its envelope, instead of failing to open', async () => {
    const file = join(tempDir(), 'vault.json');
    const cipher = AesGcmCipher.random();
    const data = cipher.encrypt(Buffer.from(JSON.stringify({ old: secretsOf(1) }))).toString('base64');
    writeFileSync(file, `${JSON.stringify({ format: 'tokentray-vault', version: 1, backend: cipher.backend, data })}\ntrailing junk`);
    const vault = await Vault.open({ file, cipher, persist: 'auto' });
    expect(vault.recovery()).toMatchObject({ kept: false, reason: 'the file is not valid JSON (damaged or truncated)' });
  });

  it('recreates a vault file deleted behind its back, with every profile, instead of failing the write', async () => {
    const { file, vault, reopen } = await vaultWith(4);
    rmSync(file);
    await vault.update('p3', secretsOf(3, 1));
    const reopened = await reopen();
    expect(reopened.get('p0')).toEqual(secretsOf(0));
    expect(reopened.get('p3')).toEqual(secretsOf(3, 1));
    expect(readdirSync(join(file, '..'))).toEqual(['vault.json']);
  });
});
