// The engine behind a corporate network in Node mode: a real CONNECT proxy (TooTallNate's `proxy`)
// in front of the sandbox IdP served over HTTPS with a certificate from a CA made in the test.
// With the CA configured (NODE_EXTRA_CA_CERTS) a refresh succeeds through the proxy; without it the
// profile says the certificate is untrusted and names the setting. Hostname mismatch, expiry, and a
// proxy refusing CONNECT or asking for credentials are each named.

import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { fetchWithTimeout, NetworkError } from '../../../electron/engine/http/fetch-with-timeout.js';
import { createNodeNetwork, type NodeNetwork } from '../../../electron/engine/http/node-network.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { createTestCa, type TestCa } from '../../support/test-ca.js';
import { startTlsFront, type TlsFront } from '../../support/tls-front.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { waitFor } from '../../support/wait-for.js';

const tempDir = useTempDirs();

async function listen<T extends Server>(server: T): Promise<{ server: T; url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

let ca: TestCa;
let caDir: string;
let sandbox: SandboxIdp;
let front: TlsFront;
let proxy: Awaited<ReturnType<typeof listen<ProxyServer>>>;
const tunnels: string[] = [];

beforeAll(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  caDir = mkdtempSync(join(tmpdir(), 'tokentray-ca-'));
  ca = createTestCa(caDir);
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  front = await startTlsFront(sandbox.baseUrl, ca.server);
  proxy = await listen(createProxy(createServer()));
  proxy.server.on('connect', (req: { url?: string }) => tunnels.push(req.url ?? ''));
});

afterAll(async () => {
  await proxy.close();
  await front.close();
  await sandbox.close();
  const { rmSync } = await import('node:fs');
  rmSync(caDir, { recursive: true, force: true });
});

const networks: NodeNetwork[] = [];
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
  for (const network of networks.splice(0)) await network.close();
});

function network(env: Record<string, string>): NodeNetwork {
  const made = createNodeNetwork(env);
  networks.push(made);
  return made;
}

async function engineWithProfile(fetchNetwork: NodeNetwork): Promise<TokenEngine> {
  const dataDir = tempDir();
  const cipher = await AesGcmCipher.fromKeyFile(join(dataDir, 'test.key'), { strong: true, backend: 'test-aes-gcm' });
  const engine = await TokenEngine.start({ dataDir, cipher, env: {}, retryPolicy: { baseMs: 20, capMs: 100, maxAttempts: 2 }, fetch: fetchNetwork.fetch });
  engines.push(engine);
  await engine.addProfile({
    name: 'Corp',
    provider: 'genesys',
    region: 'us-east-1',
    loginBaseUrl: `${front.url}/login`,
    apiBaseUrl: `${front.url}/api-host`,
    grant: 'authorization_code',
    clientId: SANDBOX_CLIENTS.codeClient.clientId,
    clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret,
    refreshToken: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId),
  });
  return engine;
}

async function failureOf(url: string, fetchNetwork: NodeNetwork): Promise<string> {
  const error = await fetchWithTimeout(url, {}, { timeoutMs: 5_000, fetch: fetchNetwork.fetch }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return (error as NetworkError).message;
}

describe('Node mode behind a CONNECT proxy with TLS from a private CA', () => {
  it('refreshes through the proxy when the CA is configured with NODE_EXTRA_CA_CERTS', async () => {
    tunnels.length = 0;
    const net = network({ HTTPS_PROXY: proxy.url, NO_PROXY: '', NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(net.summary).toContain(`HTTPS through ${proxy.url}`);
    expect(net.summary).toContain(ca.caFile);
    const engine = await engineWithProfile(net);
    await waitFor(() => engine.status('corp').state === 'valid', 'a valid token through the proxy');
    await waitFor(() => engine.status('corp').scopes.granted.length > 0, 'scopes from tokens/me through the proxy');
    // Token endpoint and tokens/me both went through the proxy's tunnel to the HTTPS front.
    expect(tunnels).toContain(`127.0.0.1:${front.port}`);
  });

  it('without the CA the profile says the certificate is untrusted and names the setting', async () => {
    const engine = await engineWithProfile(network({ HTTPS_PROXY: proxy.url, NO_PROXY: '' }));
    const status = await waitFor(() => {
      const s = engine.status('corp');
      return s.lastError && /not trusted/.test(s.lastError.message) ? s : undefined;
    }, 'an untrusted-certificate error');
    expect(status.state).not.toBe('valid');
    expect(status.lastError?.message).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(status.lastError?.message).toMatch(/certificate store/);
  });

  it('says when the certificate is for another host name, and when it has expired', async () => {
    const net = network({ NODE_EXTRA_CA_CERTS: ca.caFile, NO_PROXY: '' });
    const wrongHost = await startTlsFront(sandbox.baseUrl, ca.wrongHost);
    const expired = await startTlsFront(sandbox.baseUrl, ca.expired);
    try {
      expect(await failureOf(`${wrongHost.url}/login/oauth/token`, net)).toMatch(/certificate is for a different host name/);
      expect(await failureOf(`${expired.url}/login/oauth/token`, net)).toMatch(/certificate has expired/);
    } finally {
      await wrongHost.close();
      await expired.close();
    }
  });

  it('says when the proxy refuses the tunnel, and when it asks for credentials', async () => {
    const refusing = await listen(createServer());
    refusing.server.on('connect', (_req, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n'));
    const authenticating = await listen(createProxy(createServer()));
    authenticating.server.authenticate = () => false;
    try {
      const refused = await failureOf(`${front.url}/login/oauth/token`, network({ HTTPS_PROXY: refusing.url, NO_PROXY: '', NODE_EXTRA_CA_CERTS: ca.caFile }));
      expect(refused).toMatch(/proxy refused to open a tunnel .*HTTP 403/);
      expect(refused).toMatch(/HTTPS_PROXY/);
      const auth = await failureOf(`${front.url}/login/oauth/token`, network({ HTTPS_PROXY: authenticating.url, NO_PROXY: '', NODE_EXTRA_CA_CERTS: ca.caFile }));
      expect(auth).toMatch(/proxy asks for credentials \(HTTP 407\)/);
    } finally {
      await refusing.close();
      await authenticating.close();
    }
  });

  it('reaches loopback directly when NO_PROXY is unset, so the sandbox works behind a proxy', async () => {
    const dead = await listen(createServer());
    await dead.close(); // a proxy address nothing listens on
    const net = network({ HTTP_PROXY: dead.url, HTTPS_PROXY: dead.url });
    const response = await fetchWithTimeout(`${sandbox.baseUrl}/oidc/.well-known/openid-configuration`, {}, { timeoutMs: 5_000, fetch: net.fetch });
    expect(response.status).toBe(200);
    expect(net.summary).toMatch(/direct for localhost,127\.0\.0\.1/);
  });

  it('reports an unreadable CA file instead of ignoring it silently', () => {
    const net = network({ NODE_EXTRA_CA_CERTS: join(caDir, 'missing.pem') });
    expect(net.problems[0]).toMatch(/NODE_EXTRA_CA_CERTS names .*missing\.pem, which cannot be read/);
  });
});
