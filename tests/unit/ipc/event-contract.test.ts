// The event half of the IPC contract: every engine change becomes an event whose payload passes
// its schema, the event list is the contract's, and the schemas refuse extra keys and wrong types.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { engineChangeToEvent } from '../../../electron/services/dashboard-events.js';
import type { EngineChange } from '../../../electron/engine/engine.js';
import type { ProfileConfig, ProfileStatus } from '../../../shared/domain.js';
import { EVENT_NAMES, EVENT_SCHEMAS, checkEvent, createEventGate, type EventName } from '../../../shared/ipc-events.js';
import { channelOf, type RendererApi } from '../../../shared/ipc.js';

const profile: ProfileConfig = {
  id: 'p1',
  name: 'Test p1',
  provider: { kind: 'genesys', domain: 'mypurecloud.ie', loginBaseUrl: 'http://127.0.0.1:1/login', apiBaseUrl: 'http://127.0.0.1:1/api' },
  grant: 'authorization_code',
  clientId: 'client',
  requiredScopes: ['conversations'],
  redirectUri: 'http://127.0.0.1:8765/callback',
  sandbox: true,
};
const oidcProfile: ProfileConfig = { id: 'p2', name: 'OIDC', provider: { kind: 'oidc', issuer: 'https://idp.example', audience: 'api' }, grant: 'pkce', clientId: 'c2', requiredScopes: [] };

/** A status with every optional field filled, so each nested schema is exercised. */
const fullStatus: ProfileStatus = {
  profile,
  state: 'retrying',
  expiresAt: 2_000,
  issuedAt: 1_000,
  idleAt: 3_000,
  nextRefreshAt: 1_500,
  retry: { attempt: 2, nextAttemptAt: 1_600 },
  lastError: { code: 'server_error', message: 'The server failed; retrying.', serverError: 'temporarily_unavailable', serverDescription: 'busy', httpStatus: 503, at: 1_400 },
  lastRefreshAt: 1_000,
  tokenFormat: 'jwt',
  tokenPreview: 'eyJh…k3Zq',
  scopes: { required: ['a'], granted: ['a', 'b'], missing: [], extra: ['b'], source: 'token_response', governedByRoles: false },
  lastDrift: { added: ['b'], removed: [], at: 1_000 },
  pendingSignIn: { kind: 'device', startedAt: 1_000, expiresAt: 1_600, url: 'https://login.example/activate', userCode: 'ABCD-EFGH', port: 8765 },
  warnings: [{ code: 'expiry_while_failing', message: 'The token expires soon and refreshing fails.', at: 2_000 }],
  organization: 'Example Org',
};
// What the engine really builds: optional keys present with `undefined` (buildProfileStatus).
const sparseStatus: ProfileStatus = {
  profile: oidcProfile, state: 'no_token', expiresAt: undefined, issuedAt: undefined, retry: undefined, lastError: undefined,
  scopes: { required: [], granted: [], missing: [], extra: [], source: 'none', governedByRoles: false },
};

// One entry per kind of engine change; a kind added to EngineChange without samples fails the build.
const SAMPLES: { [K in EngineChange['type']]: Extract<EngineChange, { type: K }>[] } = {
  status: [{ type: 'status', status: fullStatus }, { type: 'status', status: sparseStatus }],
  profiles: [{ type: 'profiles', profiles: [profile, oidcProfile] }, { type: 'profiles', profiles: [] }],
  audit: [{ type: 'audit', entry: { at: '2026-11-24T15:00:00.000Z', type: 'refresh_succeeded', profileId: 'p1', detail: { latencyMs: 12, ok: true, note: 'x', none: null } } }],
  notice: [
    { type: 'notice', level: 'warning', profileId: 'p1', title: 'Sign in again', message: 'The grant was revoked.' },
    { type: 'notice', level: 'info', profileId: undefined, title: 'Started', message: 'Sandbox mode.' },
  ],
};
const EXPECTED_EVENT: { [K in EngineChange['type']]: EventName } = { status: 'status', profiles: 'profiles', audit: 'audit', notice: 'notice' };

// The contract's events, written out once; `satisfies` makes the compiler hold this list to EventName.
const CONTRACT_EVENTS = { status: true, profiles: true, audit: true, notice: true } satisfies Record<EventName, true>;

describe('engine changes to dashboard events', () => {
  it('turns every kind of engine change into its event, with a payload its schema accepts', () => {
    for (const [kind, changes] of Object.entries(SAMPLES) as [EngineChange['type'], EngineChange[]][]) {
      for (const change of changes) {
        const event = engineChangeToEvent(change);
        expect(event.name, kind).toBe(EXPECTED_EVENT[kind]);
        const check = checkEvent(event.name, event.payload);
        expect(check, `${kind}: ${check.ok ? '' : check.reason}`).toMatchObject({ ok: true });
      }
    }
    // Every event of the contract is produced by some change.
    const produced = new Set(Object.values(SAMPLES).flat().map((change) => engineChangeToEvent(change).name));
    expect([...produced].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('sends a notice as exactly the notice fields: no change type, no empty profileId key', () => {
    expect(engineChangeToEvent({ type: 'notice', level: 'info', profileId: undefined, title: 'T', message: 'M' })).toEqual({ name: 'notice', payload: { level: 'info', title: 'T', message: 'M' } });
    const withProfile = engineChangeToEvent({ type: 'notice', level: 'warning', profileId: 'p1', title: 'T', message: 'M' });
    expect(Object.keys(withProfile.payload).sort()).toEqual(['level', 'message', 'profileId', 'title']);
  });

  it('passes status, profile and audit payloads on unchanged (the same values the engine emitted)', () => {
    expect(engineChangeToEvent(SAMPLES.status[0]!)).toEqual({ name: 'status', payload: fullStatus });
    expect(engineChangeToEvent(SAMPLES.profiles[0]!)).toEqual({ name: 'profiles', payload: [profile, oidcProfile] });
    expect(engineChangeToEvent(SAMPLES.audit[0]!)).toEqual({ name: 'audit', payload: SAMPLES.audit[0]!.entry });
  });
});

describe('the event list', () => {
  it('is exactly the contract\'s events, each with a schema and a subscription name', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(CONTRACT_EVENTS).sort());
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual(Object.keys(CONTRACT_EVENTS).sort());
    expect(new Set(EVENT_NAMES.map(channelOf)).size).toBe(EVENT_NAMES.length);
    expectTypeOf<(typeof EVENT_NAMES)[number]>().toEqualTypeOf<EventName>();
    expectTypeOf<Extract<keyof RendererApi, `on${string}`>>().toEqualTypeOf<'onStatus' | 'onProfiles' | 'onAudit' | 'onNotice'>();
  });
});

describe('event schemas', () => {
  const rejected = (name: string, payload: unknown) => {
    const check = checkEvent(name, payload);
    return check.ok ? 'accepted' : check.reason;
  };

  it('reject an extra key at the top of every payload', () => {
    expect(rejected('status', { ...fullStatus, accessToken: 'eyJ.secret' })).toMatch(/accessToken/);
    expect(rejected('profiles', [{ ...profile, clientSecret: 's' }])).toMatch(/clientSecret/);
    expect(rejected('audit', { ...SAMPLES.audit[0]!.entry, html: '<b>' })).toMatch(/html/);
    expect(rejected('notice', { level: 'info', title: 'T', message: 'M', html: '<img onerror=x>' })).toMatch(/html/);
  });

  it('reject extra keys inside a status and a profile, and wrong types anywhere', () => {
    expect(rejected('status', { ...fullStatus, profile: { ...profile, refreshToken: 'r' } })).toMatch(/refreshToken/);
    expect(rejected('status', { ...fullStatus, lastError: { ...fullStatus.lastError, stack: 'at x' } })).toMatch(/stack/);
    expect(rejected('status', { ...fullStatus, state: 'hacked' })).not.toBe('accepted');
    expect(rejected('status', { ...fullStatus, expiresAt: '2026' })).not.toBe('accepted');
    expect(rejected('notice', { level: 'panic', title: 'T', message: 'M' })).not.toBe('accepted');
    expect(rejected('notice', { level: 'info', title: 42, message: 'M' })).not.toBe('accepted');
    expect(rejected('notice', { level: 'info', message: 'M' })).not.toBe('accepted');
    expect(rejected('audit', { ...SAMPLES.audit[0]!.entry, detail: { nested: { deep: 1 } } })).not.toBe('accepted');
    expect(rejected('profiles', { ...profile })).not.toBe('accepted');
  });

  it('reject names outside the contract, including inherited ones', () => {
    for (const name of ['message', 'toString', 'constructor', '__proto__', 'Status']) expect(rejected(name, {}), name).toMatch(/not an event of the contract/);
  });

  it('the gate drops bad events and tells the console once per event name', () => {
    const reports: string[] = [];
    const gate = createEventGate((message) => reports.push(message));
    expect(gate.accept('notice', { level: 'info', title: 'T', message: 'M', extra: 1 })).toBeUndefined();
    expect(gate.accept('notice', { level: 'info', title: 7, message: 'M' })).toBeUndefined();
    expect(gate.acceptJson('notice', '{not json')).toBeUndefined();
    expect(gate.accept('status', { bogus: true })).toBeUndefined();
    expect(gate.accept('made-up', {})).toBeUndefined();
    expect(gate.accept('also-made-up', {})).toBeUndefined();
    expect(reports).toHaveLength(3);
    expect(reports[0]).toMatch(/dropped a "notice" event .*extra/);
    expect(reports[1]).toMatch(/"status"/);
    expect(reports[2]).toMatch(/"made-up".*not an event of the contract/);
    expect(gate.acceptJson('notice', JSON.stringify({ level: 'info', title: 'T', message: 'M' }))).toEqual({ name: 'notice', payload: { level: 'info', title: 'T', message: 'M' } });
  });
});
