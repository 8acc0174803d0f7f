// The agent's socket against hostile peers: its mode (and another user really refused), malformed
// and oversized requests refused with stable codes, and a scan of every byte that crossed it while
// the CLI did everything it can: no refresh token and no client secret, ever.

import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import type { SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { nodeCipher, runCli, seedDataFolder, startApp, type RunningApp, type SeededFolder, startCliSandbox } from '../../support/cli-harness.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
let app: RunningApp;
beforeAll(async () => void (sandbox = await startCliSandbox()));
afterAll(() => sandbox.close());
afterEach(async () => {
  await app?.close();
  folder?.remove();
});
async function setUp(): Promise<void> {
  folder = await seedDataFolder(sandbox, ['prod']);
  app = await startApp(folder.dataDir);
}

/** Sends raw lines on one connection and collects answer lines until `count` arrive or the peer closes. */
function converse(path: string, lines: (string | Buffer)[], count: number): Promise<{ answers: Record<string, unknown>[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let buffer = '';
    const answers: Record<string, unknown>[] = [];
    let closed = false;
    let endedByUs = false;
    const finish = () => resolve({ answers, closed });
    socket.on('connect', () => lines.forEach((line) => socket.write(line)));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
        answers.push(JSON.parse(buffer.slice(0, i)) as Record<string, unknown>);
        buffer = buffer.slice(i + 1);
      }
      if (answers.length >= count && !endedByUs) {
        endedByUs = true;
        socket.end();
        setTimeout(finish, 50);
      }
    });
    socket.on('close', () => {
      closed = !endedByUs;
      finish();
    });
    socket.on('error', reject);
  });
}

const client = { pid: 4242, command: 'test' };
const request = (method: string, params: unknown, extra: Record<string, unknown> = {}) => `${JSON.stringify({ v: 1, id: 9, method, params, client, ...extra })}\n`;

describe('the agent socket', () => {
  it('is a socket in the data folder with mode 0600', async () => {
    await setUp();
    expect(app.socketPath).toBe(join(folder.dataDir, 'agent.sock'));
    const info = statSync(app.socketPath);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses another user even when the folder is open to everyone', async () => {
    await setUp();
    chmodSync(folder.dataDir, 0o755); // only the socket's own mode stands in the way now
    const probe = `require('net').createConnection(${JSON.stringify(app.socketPath)}).on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); });`;
    const run = spawnSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('EACCES');
  });

  it('refuses malformed requests with stable codes and keeps serving', async () => {
    await setUp();
    const shapes = await converse(app.socketPath, [
      request('deleteEverything', {}),
      request('token', { profile: 'prod', minValidSec: -5 }),
      request('token', { profile: 'prod', refreshToken: 'x' }),
      request('hello', {}, { client: { pid: 1, command: 'evil\nline' } }),
      request('hello', {}, { v: 2 }),
      `${JSON.stringify({ v: 1, method: 'hello', params: {} })}\n`,
      request('hello', {}),
    ], 7);
    expect(shapes.closed).toBe(false);
    const codes = shapes.answers.map((a) => (a.ok ? 'ok' : (a.error as { code: string }).code));
    expect(codes).toEqual(['invalid_request', 'invalid_request', 'invalid_request', 'invalid_request', 'unsupported_version', 'invalid_request', 'ok']);
    expect(JSON.stringify(shapes.answers[1])).toMatch(/params\.minValidSec/);
    expect(shapes.answers[5]).toMatchObject({ id: -1 });

    const garbage = await converse(app.socketPath, ['{"v":1, nope\n', request('hello', {})], 2);
    expect(garbage.answers[0]).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/not JSON/) } });
    expect(garbage.answers).toHaveLength(1);
    expect(garbage.closed).toBe(true);

    const huge = await converse(app.socketPath, [Buffer.alloc(40_000, 'a')], 2);
    expect(huge.answers[0]).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/16384 bytes/) } });
    expect(huge.closed).toBe(true);

    expect((await converse(app.socketPath, [request('hello', {})], 1)).answers[0]).toMatchObject({ ok: true, value: { protocol: 1 } });
  });

  it('never lets a refresh token or client secret cross it, whatever the CLI asks', async () => {
    await setUp();
    const traffic: Buffer[] = [];
    const proxyPath = join(folder.dataDir, 'proxy.sock');
    const proxy = createServer((inbound: Socket) => {
      const outbound = createConnection(app.socketPath);
      inbound.on('data', (chunk: Buffer) => { traffic.push(chunk); outbound.write(chunk); });
      outbound.on('data', (chunk: Buffer) => { traffic.push(chunk); inbound.write(chunk); });
      inbound.on('end', () => outbound.end());
      outbound.on('end', () => inbound.end());
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(proxyPath, resolve));
    const env = { TOKENTRAY_AGENT_SOCKET: proxyPath };
    const cli = (args: string[]) => runCli(args, { dataDir: folder.dataDir, env });
    const runs = [
      await cli(['token', 'prod']), await cli(['token', 'prod', '--json', '--min-valid', '900']), await cli(['token', '--header']),
      await cli(['exec', 'prod', '--', process.execPath, '-e', '0']), await cli(['env', 'prod', '--shell', 'fish']),
      await cli(['status', '--json']), await cli(['status', 'prod']), await cli(['list', '--json']), await cli(['refresh', 'prod']),
      await cli(['token', 'nope']),
    ];
    proxy.close();
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);

    const vault = await Vault.open({ file: dataFiles(folder.dataDir).vault, cipher: await nodeCipher(folder.dataDir), persist: 'never' });
    const secrets = [folder.refreshTokens.prod!, vault.get('prod')!.refreshToken!, SANDBOX_CLIENTS.codeClient.clientSecret];
    expect(secrets[1]).not.toBe(secrets[0]); // rotated at least once during the run
    const all = Buffer.concat(traffic).toString('utf8');
    expect(all).toContain(runs[0]!.stdout.trim()); // the scan sees the answers...
    for (const secret of secrets) {
      expect(all).not.toContain(secret); // ...and never a secret, raw or encoded
      expect(all).not.toContain(Buffer.from(secret).toString('base64'));
      expect(all).not.toContain(encodeURIComponent(secret));
    }
    expect(all).not.toMatch(/refresh_?token|client_?secret/i);
  });
});
