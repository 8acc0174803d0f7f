// A real TokenEngine on a virtual clock against the in-process model of Genesys, for tests that
// drive time: profiles are added through the engine's own API, and the engine can be restarted
// from its data folder (same cipher, same clock) as after a crash or quit.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenEngine } from '../../electron/engine/engine.js';
import { AesGcmCipher } from '../../electron/engine/vault/aes-gcm-cipher.js';
import type { ProfileSecrets } from '../../electron/engine/contracts.js';
import type { Vault } from '../../electron/engine/vault/vault.js';
import { ModelGenesys } from './model-genesys.js';
import { VirtualClock } from './virtual-clock.js';

export const MODEL_HOSTS = [
  { loginBaseUrl: 'http://127.0.0.1:9001', apiBaseUrl: 'http://127.0.0.1:9002' },
  { loginBaseUrl: 'http://127.0.0.1:9101', apiBaseUrl: 'http://127.0.0.1:9102' },
] as const;

export const modelClientId = (index: number) => `model-client-${index}`;
export const modelProfileId = (index: number) => `model-${index}`;

export interface ModelEngine {
  clock: VirtualClock;
  server: ModelGenesys;
  engine: TokenEngine;
  dataDir: string;
  restart(): Promise<void>;
  /** What the engine's vault holds for a profile (reached inside on purpose: the invariant is about storage). */
  stored(profileId: string): ProfileSecrets | undefined;
  profileInput(index: number, generation: number, host?: 0 | 1): Record<string, unknown>;
}

export async function startModelEngine(options: { ttlSec?: number; random?: () => number } = {}): Promise<ModelEngine> {
  const clock = new VirtualClock();
  const server = new ModelGenesys(clock, options.ttlSec ?? 30);
  // On tmpfs where there is one: fsync is instant there, so real disk latency never outlasts a
  // virtual step (the durability itself is tested against a real disk elsewhere).
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'tokentray-model-'));
  const cipher = AesGcmCipher.random({ strong: true, backend: 'test-aes-gcm' });
  const start = () => TokenEngine.start({
    dataDir, cipher, env: {}, clock, fetch: server.fetch,
    retryPolicy: { baseMs: 500, capMs: 4_000, giveUpRetryMs: 20_000 },
    ...(options.random ? { random: options.random } : {}),
  });
  const model: ModelEngine = {
    clock, server, dataDir,
    engine: await start(),
    async restart() {
      await model.engine.stop();
      model.engine = await start();
    },
    stored: (profileId) => (model.engine as unknown as { stores: { vault: Vault } }).stores.vault.get(profileId),
    profileInput: (index, generation, host = 0) => ({
      name: `Model ${index}`,
      provider: 'genesys',
      region: 'mypurecloud.com',
      ...MODEL_HOSTS[host],
      grant: 'authorization_code',
      clientId: modelClientId(index),
      clientSecret: `secret-${index}`,
      refreshToken: server.mintRefreshToken(modelClientId(index), generation),
    }),
  };
  return model;
}
