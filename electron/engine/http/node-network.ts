// The engine's network in Node mode: undici's fetch through its EnvHttpProxyAgent, so
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply as in curl, plus the roots named by
// NODE_EXTRA_CA_CERTS. Node reads that variable itself only at start-up; reading it here too makes
// the setting work wherever the engine is built from an environment (tests, an embedding CLI).
// When NO_PROXY is not set at all, loopback is reached directly (as Chromium does), so the
// built-in sandbox keeps working behind a corporate proxy; set NO_PROXY (even empty) to decide.

import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { FetchFunction } from './fetch-with-timeout.js';

export const LOOPBACK_NO_PROXY = 'localhost,127.0.0.1,[::1]';

export interface NodeNetwork {
  fetch: FetchFunction;
  /** One line for the start-up banner: proxy and extra roots in use (no credentials). */
  summary: string;
  /** Problems with the settings, in words (e.g. an unreadable CA file); the network still works. */
  problems: string[];
  close(): Promise<void>;
}

function pick(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name.toLowerCase()] ?? env[name];
}

/** The proxy URL without credentials, for messages. */
function describeProxy(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an unparsable URL';
  }
}

export function createNodeNetwork(env: Record<string, string | undefined> = process.env): NodeNetwork {
  const problems: string[] = [];
  const httpsProxy = pick(env, 'HTTPS_PROXY');
  const httpProxy = pick(env, 'HTTP_PROXY');
  const noProxy = pick(env, 'NO_PROXY') ?? LOOPBACK_NO_PROXY;
  for (const [name, value] of [['HTTPS_PROXY', httpsProxy], ['HTTP_PROXY', httpProxy]] as const) {
    if (value && !URL.canParse(value)) problems.push(`${name} is not a URL (expected http://proxy.example:8080); requests go without that proxy.`);
  }

  let ca: string[] | undefined;
  const caFile = env.NODE_EXTRA_CA_CERTS;
  if (caFile) {
    try {
      const extra = readFileSync(caFile, 'utf8');
      if (!extra.includes('-----BEGIN CERTIFICATE-----')) problems.push(`NODE_EXTRA_CA_CERTS names ${caFile}, which holds no PEM certificate; it is ignored.`);
      else ca = [...rootCertificates, extra];
    } catch (error) {
      problems.push(`NODE_EXTRA_CA_CERTS names ${caFile}, which cannot be read (${error instanceof Error ? error.message : String(error)}); it is ignored.`);
    }
  }

  const tls = ca ? { ca } : {};
  const agent = new EnvHttpProxyAgent({
    httpProxy: httpProxy && URL.canParse(httpProxy) ? httpProxy : '',
    httpsProxy: httpsProxy && URL.canParse(httpsProxy) ? httpsProxy : '',
    noProxy,
    connect: tls,
    requestTls: tls,
    proxyTls: tls,
  });

  const fetch: FetchFunction = async (url, init) => {
    // undici's types differ from the DOM lib's in details that do not matter here.
    const response = await undiciFetch(url, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
    return response as unknown as Response;
  };

  const parts = [
    httpsProxy && URL.canParse(httpsProxy) ? `HTTPS through ${describeProxy(httpsProxy)}` : undefined,
    httpProxy && URL.canParse(httpProxy) ? `HTTP through ${describeProxy(httpProxy)}` : undefined,
    httpsProxy || httpProxy ? `direct for ${noProxy || 'no host'}` : undefined,
    ca ? `extra trusted roots from ${caFile}` : undefined,
  ].filter(Boolean);
  return {
    fetch,
    summary: parts.length ? `Network: ${parts.join('; ')}.` : 'Network: direct (no proxy variables set).',
    problems,
    close: () => agent.close(),
  };
}
