// The preload's event side, through what it exposes to the page: events the main process sends
// reach the dashboard only when they match the contract. Electron's binary is not available in
// this sandbox, so `electron` is replaced by an in-process ipcRenderer (an EventEmitter) and a
// contextBridge that records what the preload exposes; the preload's own code runs unchanged.

import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../../shared/ipc.js';

const fake = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), ipc: undefined as EventEmitter | undefined }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  fake.ipc = new Emitter();
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void fake.exposed.set(key, api) },
    ipcRenderer: fake.ipc,
  };
});

const send = (channel: string, payload: unknown) => fake.ipc!.emit(channel, { sender: 'main' }, payload);

let consoleErrors: string[];
beforeAll(() => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void consoleErrors.push(args.map(String).join(' ')));
});
afterAll(() => vi.restoreAllMocks());

describe('preload events', () => {
  it('passes contract-shaped events and drops the rest, telling the console once per event name', async () => {
    await import('../../../electron/preload.js');
    const api = fake.exposed.get('tokentray') as RendererApi;
    const notices: unknown[] = [];
    const profileLists: unknown[] = [];
    const stopNotices = api.onNotice((notice) => notices.push(notice));
    api.onProfiles((profiles) => profileLists.push(profiles));

    const good = { level: 'warning', profileId: 'p1', title: 'Sign in again', message: 'The grant was revoked.' };
    send('tokentray:notice', { ...good, html: '<img src=x onerror=alert(1)>' });
    send('tokentray:notice', { ...good, level: 'critical' });
    send('tokentray:notice', undefined);
    send('tokentray:profiles', [{ id: 'p1', name: 'P', provider: { kind: 'oidc', issuer: 'https://idp.example' }, grant: 'pkce', clientId: 'c', requiredScopes: [], clientSecret: 's' }]);
    send('tokentray:notice', good);
    send('tokentray:profiles', []);

    expect(notices).toEqual([good]);
    expect(profileLists).toEqual([[]]);
    expect(consoleErrors).toHaveLength(2);
    expect(consoleErrors[0]).toMatch(/"notice" event .*html/);
    expect(consoleErrors[1]).toMatch(/"profiles" event .*clientSecret/);

    stopNotices();
    send('tokentray:notice', good);
    expect(notices).toHaveLength(1);
  });
});
