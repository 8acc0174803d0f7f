// The preload's call side, through what it exposes to the page: every answer from the main process
// is checked against the contract's response schemas before the dashboard sees it. Electron's
// binary is not available here, so `electron` is replaced by an ipcRenderer whose invoke answers
// what each test sets, and a contextBridge that records what the preload exposes; the preload's
// own code runs unchanged.

import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../../shared/ipc.js';

const fake = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), answer: undefined as unknown, invoked: [] as [string, unknown][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, request: unknown) => {
      fake.invoked.push([channel, request]);
      return fake.answer;
    },
    on: () => {},
    removeListener: () => {},
  },
}));

let api: RendererApi;
beforeAll(async () => {
  await import('../../../electron/preload.js');
  api = fake.exposed.get('tokentray') as RendererApi;
});

const status = {
  profile: { id: 'p1', name: 'Prod', provider: { kind: 'genesys', domain: 'mypurecloud.ie' }, grant: 'client_credentials', clientId: 'c', requiredScopes: [] },
  state: 'valid',
  expiresAt: 2_000,
  scopes: { required: [], granted: ['users'], missing: [], extra: ['users'], source: 'token_response', governedByRoles: true },
};
const appInfo = { version: '1.0.0', mode: 'electron', profileSource: 'saved', canCopy: true };

async function answered(answer: unknown, call: () => Promise<unknown>): Promise<unknown> {
  fake.answer = answer;
  return call();
}

describe('preload answers', () => {
  it('passes contract-shaped answers and error envelopes through, on the call\'s own channel', async () => {
    expect(await answered({ ok: true, value: [status] }, () => api.listProfiles())).toEqual({ ok: true, value: [status] });
    expect(fake.invoked.at(-1)).toEqual(['tokentray:listProfiles', undefined]);
    const refusal = { ok: false, error: { code: 'unknown_profile', message: 'There is no profile "x".' } };
    expect(await answered(refusal, () => api.getStatus({ profileId: 'x' }))).toEqual(refusal);
    expect(fake.invoked.at(-1)).toEqual(['tokentray:getStatus', { profileId: 'x' }]);
  });

  const hostile: [string, unknown, () => Promise<unknown>, RegExp][] = [
    ['a status carrying the access token', { ok: true, value: [{ ...status, accessToken: 'eyJ.secret' }] }, () => api.listProfiles(), /listProfiles .*value is wrong at "0\.accessToken"/],
    ['a copy result carrying the token', { ok: true, value: { masked: 'eyJh…', clearsAt: null, token: 'eyJ.secret' } }, () => api.copyToken({ profileId: 'p1', as: 'token' }), /copyToken .*at "token"/],
    ['an app mode that does not exist', { ok: true, value: { ...appInfo, mode: 'root' } }, () => api.getAppInfo(), /getAppInfo .*at "mode"/],
    ['a state the dashboard cannot show', { ok: true, value: { ...status, state: 'hacked' } }, () => api.refreshNow({ profileId: 'p1' }), /refreshNow .*at "state"/],
    ['an error code outside the closed list', { ok: false, error: { code: 'launch_missiles', message: 'x' } }, () => api.getAppInfo(), /getAppInfo .*envelope is wrong/],
    ['something that is not an envelope', 'pwned', () => api.getSettings(), /getSettings .*envelope is wrong/],
    ['an answer where none is due', { ok: true, value: { removed: true } }, () => api.removeProfile({ profileId: 'p1' }), /removeProfile .*value is wrong/],
  ];
  for (const [what, answer, call, message] of hostile) {
    it(`turns ${what} into invalid_answer, saying what is wrong and what to do`, async () => {
      const result = (await answered(answer, call)) as { ok: boolean; error?: { code: string; message: string } };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('invalid_answer');
      expect(result.error?.message).toMatch(message);
      expect(result.error?.message).toMatch(/restart TokenTray/);
      expect(result.error?.message).not.toContain('eyJ.secret');
    });
  }
});
