// What the gateway tests share: a sandbox-backed data folder, the engine on it (as the process
// holding the folder runs it), a Gateway over that engine, and a raw HTTP/1.1 exchange for requests
// no well-behaved client would send (absolute URLs, foreign Host headers, oversized headers).

import { connect } from 'node:net';
import type { ProfileConfig } from '../../shared/domain.js';
import { dataFiles } from '../../electron/engine/config/data-dir.js';
import { TokenEngine } from '../../electron/engine/engine.js';
import { ProfileFile } from '../../electron/engine/profiles/index.js';
import { Gateway, type GatewayOptions } from '../../electron/gateway/gateway.js';
import type { SandboxIdp } from '../../electron/sandbox/sandbox-idp.js';
import { nodeCipher, seedDataFolder, type SeededFolder } from './cli-harness.js';

export interface GatewayRig {
  folder: SeededFolder;
  engine: TokenEngine;
  gateway: Gateway;
  notices: { title: string; message: string }[];
  close(): Promise<void>;
}

/** Profiles `ids` against the sandbox; `apiOverrides` points some profiles' API host elsewhere. */
export async function startGatewayRig(sandbox: SandboxIdp, ids: string[] = ['prod'], options: { apiOverrides?: Record<string, string>; gateway?: Partial<GatewayOptions> } = {}): Promise<GatewayRig> {
  const folder = await seedDataFolder(sandbox, ids);
  if (options.apiOverrides) {
    const profiles: ProfileConfig[] = folder.profiles.map((p) => (options.apiOverrides?.[p.id] && p.provider.kind === 'genesys' ? { ...p, provider: { ...p.provider, apiBaseUrl: options.apiOverrides[p.id] } } : p));
    await new ProfileFile(dataFiles(folder.dataDir).profiles).save(profiles);
  }
  const engine = await TokenEngine.start({ dataDir: folder.dataDir, cipher: await nodeCipher(folder.dataDir), env: {}, autoStart: false, retryPolicy: { baseMs: 20, capMs: 100 } });
  const notices: { title: string; message: string }[] = [];
  const gateway = await Gateway.open({ dataDir: folder.dataDir, engine, onNotice: (n) => notices.push(n), ...options.gateway });
  return {
    folder,
    engine,
    gateway,
    notices,
    close: async () => {
      await gateway.close();
      await engine.stop();
      folder.remove();
    },
  };
}

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
}

/** Sends `text` as-is on a fresh connection and reads the answer until the server closes or `ms` pass. */
export function rawExchange(port: number, text: string | Buffer, ms = 2_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      const [head = '', body = ''] = received.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    };
    const timer = setTimeout(done, ms);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (/\r\n\r\n/.test(received) && /content-length: 0\r\n/i.test(received)) done();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
