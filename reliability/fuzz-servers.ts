// Loopback peers for the fuzzer: a token endpoint that answers whatever the fuzzer tells it to,
// and a JWKS endpoint with a real key pair to sign valid tokens that the fuzzer then mangles.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface ScriptedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ScriptedTokenEndpoint {
  url: string;
  /** The answer to give to the request for `<url>?case=<id>`. */
  answers: Map<string, ScriptedAnswer>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startScriptedTokenEndpoint(): Promise<ScriptedTokenEndpoint> {
  const answers = new Map<string, ScriptedAnswer>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = new URL(req.url ?? '/', 'http://x').searchParams.get('case') ?? '';
      const answer = answers.get(id) ?? { status: 500, headers: {}, body: '' };
      try {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      } catch {
        // An answer Node itself refuses to send (bad header characters): drop the connection.
        res.socket?.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1_000;
  const url = `${await listen(server)}/oauth/token`;
  return { url, answers, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export interface JwksPeer {
  jwksUri: string;
  issuer: string;
  audience: string;
  sign(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startJwksPeer(): Promise<JwksPeer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fuzz-1', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  const base = await listen(server);
  const issuer = 'https://issuer.fuzz.test';
  const audience = 'tokentray-fuzz';
  const key: CryptoKey = privateKey;
  return {
    jwksUri: `${base}/jwks`,
    issuer,
    audience,
    sign: (claims = {}, header = {}) => new SignJWT({ scope: 'openid', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'fuzz-1', ...header }).setIssuer(issuer).setAudience(audience).setSubject('u').setIssuedAt().setExpirationTime('10m').sign(key),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
