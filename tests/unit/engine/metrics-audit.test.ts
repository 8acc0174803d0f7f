import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { MetricsStore } from '../../../electron/engine/metrics/metrics-store.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();

describe('MetricsStore', () => {
  it('computes counts, validity rate and nearest-rank percentiles over successes', async () => {
    const store = await MetricsStore.open({ file: join(tempDir(), 'm.json') });
    for (let ms = 1; ms <= 100; ms += 1) void store.recordRefresh('p', { ms, ok: true });
    void store.recordRefresh('p', { ms: 5000, ok: false, code: 'server_error' });
    void store.recordValidity('p', 'valid');
    void store.recordValidity('p', 'invalid');
    // No verdict (keys unreachable, a refetch rate-limited): counted apart, outside the rate.
    void store.recordValidity('p', 'unverified');
    void store.recordValidity('p', 'unverified');
    await store.flush();
    const s = store.summary('p');
    // 100 good refreshes + 1 passed check out of 101 refreshes + 2 checks.
    expect(s).toMatchObject({ successes: 100, failures: 1, attempts: 101, failedAttempts: 1, validityChecks: 2, validityPassed: 1, validityUnverified: 2, meanMs: 50.5, p50Ms: 50, p95Ms: 95 });
    expect(s.validityRate).toBeCloseTo(101 / 103, 10);
    expect(s.samples.at(-1)).toMatchObject({ ok: false, code: 'server_error' });
  });

  it('counts a refresh that succeeded after two 429s as one success and two failed attempts', async () => {
    const store = await MetricsStore.open({ file: join(tempDir(), 'm.json') });
    await store.recordRefresh('p', { ms: 40, ok: true, attempts: 3 });
    await store.recordRefresh('p', { ms: 20, ok: true });
    const s = store.summary('p');
    expect(s).toMatchObject({ successes: 2, failures: 0, attempts: 4, failedAttempts: 2, validityRate: 1 });
  });

  it('bounds history and persists it', async () => {
    const file = join(tempDir(), 'm.json');
    const store = await MetricsStore.open({ file, maxSamples: 10 });
    for (let i = 0; i < 25; i += 1) void store.recordRefresh('p', { ms: i, ok: true });
    await store.flush();
    const reopened = await MetricsStore.open({ file, maxSamples: 10 });
    expect(reopened.summary('p').samples.map((x) => x.ms)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(reopened.summary('p').successes).toBe(25);
  });

  it('sets a damaged file aside', async () => {
    const file = join(tempDir(), 'm.json');
    writeFileSync(file, '{"version":1,"profiles":{"p":{"successes":"many"}}}');
    const store = await MetricsStore.open({ file });
    expect(store.summary('p').successes).toBe(0);
    expect(store.recovery()?.movedTo).toMatch(/corrupt/);
  });
});

describe('AuditLog', () => {
  it('appends JSON lines, filters, and reads newest first', async () => {
    const log = await AuditLog.open({ dir: tempDir() });
    await log.append({ type: 'refresh_succeeded', profileId: 'a', detail: { latencyMs: 3 } });
    await log.append({ type: 'token_copied', profileId: 'b', detail: {} });
    await log.append({ type: 'refresh_failed', profileId: 'a', detail: { code: 'invalid_grant' } });
    expect((await log.read()).map((e) => e.type)).toEqual(['refresh_failed', 'token_copied', 'refresh_succeeded']);
    expect((await log.read({ profileId: 'a', types: ['refresh_failed'] }))[0]!.detail.code).toBe('invalid_grant');
  });

  it('never writes a token even when a caller passes one', async () => {
    const dir = tempDir();
    const log = await AuditLog.open({ dir });
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    await log.append({ type: 'validated', detail: { message: `token ${jwt} ok`, refreshToken: 'rt-secret' } });
    const text = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    expect(text).not.toContain(jwt);
    expect(text).not.toContain('rt-secret');
  });

  it('rotates by size, keeping a bounded number of files', async () => {
    const dir = tempDir();
    const log = await AuditLog.open({ dir, maxBytes: 500, keepFiles: 2 });
    for (let i = 0; i < 40; i += 1) await log.append({ type: 'token_copied', detail: { i } });
    expect(readdirSync(dir).sort()).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    const entries = await log.read();
    expect(entries[0]!.detail.i).toBe(39);
    expect(entries.length).toBeLessThan(40);
  });

  it('skips malformed lines instead of failing', async () => {
    const dir = tempDir();
    const log = await AuditLog.open({ dir });
    await log.append({ type: 'token_copied', detail: {} });
    appendFileSync(join(dir, 'audit.jsonl'), '{broken\n');
    expect(await log.read()).toHaveLength(1);
    expect(log.malformedLines).toBe(1);
  });
});
