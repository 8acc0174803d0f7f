import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileFile, parseProfileInput, profileFromEnvironment } from '../../../electron/engine/profiles/index.js';
import { sandboxProfiles } from '../../../electron/sandbox/demo-profiles.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const valid = { name: 'Prod EU', provider: 'genesys', region: 'eu-west-1', grant: 'authorization_code', clientId: 'abc-123', clientSecret: 'super-secret-value-1234567', requiredScopes: 'users:readonly conversations' };

describe('parseProfileInput', () => {
  it('normalises a valid Genesys profile and splits out its secrets', () => {
    const parsed = parseProfileInput(valid, { others: [{ id: 'prod-eu', name: 'Other', provider: { kind: 'genesys', domain: 'mypurecloud.ie' }, grant: 'authorization_code', clientId: 'x', requiredScopes: [] }] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.profile).toEqual({
      id: 'prod-eu-2', name: 'Prod EU', provider: { kind: 'genesys', domain: 'mypurecloud.ie' },
      grant: 'authorization_code', clientId: 'abc-123', requiredScopes: ['conversations', 'users:readonly'],
    });
    expect(parsed.secrets).toEqual({ clientSecret: 'super-secret-value-1234567' });
    expect(JSON.stringify(parsed.profile)).not.toContain('super-secret');
  });

  it('reports every problem at once, naming profile, field, value and choices', () => {
    const parsed = parseProfileInput({ name: 'Broken', provider: 'genesys', region: 'mars-1', grant: 'magic', clientId: 'has space', requiredScopes: ['routing:queue:view'], redirectUri: 'https://example.com/cb' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byField = Object.fromEntries(parsed.problems.map((p) => [p.field, p]));
    expect(Object.keys(byField).sort()).toEqual(['clientId', 'grant', 'redirectUri', 'region', 'requiredScopes']);
    expect(byField.region).toMatchObject({ profile: 'Broken', field: 'region', value: 'mars-1' });
    // The message is a sentence for beside the field: no technical "Profile …, field:" prefix.
    expect(byField.region!.message).toMatch(/^"mars-1" is not a Genesys Cloud region/);
    expect(byField.region!.validChoices).toContain('ap_southeast_2');
    expect(byField.grant!.validChoices).toEqual(['authorization_code', 'client_credentials', 'pkce']);
    expect(byField.requiredScopes!.message).toMatch(/permissions/);
    expect(byField.redirectUri!.message).toMatch(/loopback/);
  });

  it('never prints a secret in full', () => {
    const secret = 'pkce-should-have-no-secret-0123456789';
    const parsed = parseProfileInput({ ...valid, grant: 'pkce', clientSecret: secret });
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain(secret);
    if (!parsed.ok) expect(parsed.problems[0]!.value).toMatch(/^pkce…6789/);
  });

  it('requires https issuers for OpenID Connect, allowing http only on loopback', () => {
    expect(parseProfileInput({ ...valid, provider: 'oidc', issuer: 'http://idp.example.com' }).ok).toBe(false);
    const ok = parseProfileInput({ ...valid, provider: 'oidc', issuer: 'http://127.0.0.1:9999/' });
    expect(ok.ok && ok.profile.provider).toEqual({ kind: 'oidc', issuer: 'http://127.0.0.1:9999' });
  });
});

describe('profileFromEnvironment', () => {
  it('returns none without GENESYS_* variables', () => expect(profileFromEnvironment({}).kind).toBe('none'));

  it('builds a refresh-token profile from the variables', () => {
    const result = profileFromEnvironment({ GENESYS_ENV: 'https://api.mypurecloud.de', GENESYS_CLIENT_ID: 'cid', GENESYS_CLIENT_SECRET: 'sec', GENESYS_REFRESH_TOKEN: 'rt', IDM_WEBHOOK_URL: 'https://idm.example.com/hook' });
    expect(result.kind).toBe('profile');
    if (result.kind !== 'profile') return;
    expect(result.profile).toMatchObject({ grant: 'authorization_code', provider: { domain: 'mypurecloud.de' }, name: 'Genesys (mypurecloud.de) from environment' });
    expect(result.secrets).toEqual({ clientSecret: 'sec', refreshToken: 'rt' });
    expect(result.webhookUrl).toBe('https://idm.example.com/hook');
  });

  it('names the variable that is wrong', () => {
    const result = profileFromEnvironment({ GENESYS_ENV: 'mypurecloud.co.uk', GENESYS_CLIENT_ID: 'cid', GENESYS_CLIENT_SECRET: 'sec', IDM_WEBHOOK_URL: 'http://idm.example.com' });
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(['GENESYS_ENV', 'IDM_WEBHOOK_URL']);
    expect(result.problems.find((p) => p.field === 'GENESYS_ENV')!.message).toMatch(/^GENESYS_ENV: "mypurecloud.co.uk"/);
  });
});

describe('sandboxProfiles', () => {
  it('labels every demo profile as sandbox', () => {
    const profiles = sandboxProfiles({ loginBaseUrl: 'http://127.0.0.1:1/login', apiBaseUrl: 'http://127.0.0.1:1/api-host', issuer: 'http://127.0.0.1:1/oidc' });
    expect(profiles.length).toBe(3);
    for (const p of profiles) {
      expect(p.sandbox).toBe(true);
      expect(p.name).toMatch(/^Sandbox · /);
    }
  });
});

describe('ProfileFile', () => {
  it('saves profiles without secrets and loads them back', async () => {
    const file = join(tempDir(), 'profiles.json');
    const parsed = parseProfileInput(valid);
    if (!parsed.ok) throw new Error('fixture');
    const store = new ProfileFile(file);
    await store.save([{ ...parsed.profile, ...parsed.secrets } as typeof parsed.profile]);
    expect(readFileSync(file, 'utf8')).not.toContain('super-secret');
    expect((await store.load()).profiles).toEqual([parsed.profile]);
  });

  it('sets a corrupt file aside and starts empty', async () => {
    const file = join(tempDir(), 'profiles.json');
    writeFileSync(file, '{"version":1,"profiles":[{"id":1}]}');
    const loaded = await new ProfileFile(file).load();
    expect(loaded.profiles).toEqual([]);
    expect(loaded.recovered?.movedTo).toMatch(/profiles\.json\.corrupt-\d+$/);
    expect(readFileSync(loaded.recovered!.movedTo, 'utf8')).toContain('"id":1');
  });
});

describe('settings validation', () => {
  it('names the setting, the value and what is allowed', async () => {
    const { settingsProblem, DEFAULT_SETTINGS } = await import('../../../electron/engine/config/settings-schema.js');
    expect(settingsProblem(DEFAULT_SETTINGS)).toBeUndefined();
    expect(settingsProblem({ ...DEFAULT_SETTINGS, clipboardClearSec: -5 })).toBe('"Clear the clipboard after" cannot be -5: use a whole number of seconds from 0 (never) to 3600.');
    expect(settingsProblem({ ...DEFAULT_SETTINGS, refreshFraction: 1.5 })).toMatch(/between 0.5 and 0.95/);
  });
});
