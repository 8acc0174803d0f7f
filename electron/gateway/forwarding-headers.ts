// Which headers cross the gateway. Inbound: everything a Genesys API call needs, minus credentials
// (Authorization, cookies: the gateway injects the token itself), hop-by-hop headers and anything
// about the consumer's own connection. Outbound: the answer minus hop-by-hop headers, cookies and
// any CORS header (no page may read gateway answers).

import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'expect', 'http2-settings']);
const NEVER_FORWARDED = new Set(['authorization', 'cookie', 'cookie2', 'origin', 'referer', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip']);
const NEVER_RETURNED = new Set(['set-cookie', 'set-cookie2', 'location', 'content-location']);

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : value ?? '';
  return new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
}

/** The headers sent upstream: the consumer's, cleaned, with the profile's token. */
export function upstreamHeaders(inbound: IncomingHttpHeaders, token: string): Record<string, string | string[]> {
  const named = connectionTokens(inbound.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(inbound)) {
    if (value === undefined || HOP_BY_HOP.has(name) || NEVER_FORWARDED.has(name) || named.has(name) || name.startsWith('sec-') || name.startsWith('proxy-')) continue;
    out[name] = value;
  }
  out.authorization = `Bearer ${token}`;
  return out;
}

/** The headers returned to the consumer. */
export function downstreamHeaders(upstream: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const named = connectionTokens(upstream.connection);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || NEVER_RETURNED.has(lower) || named.has(lower) || lower.startsWith('access-control-')) continue;
    out[lower] = value;
  }
  return out;
}
