// Network failures in words a person can act on. Corporate networks fail in a few typical ways:
// TLS inspection re-signs certificates with a company root the process does not trust, a proxy
// refuses to open a tunnel, or a certificate is for another host or out of date. Each message says
// which it is and names the setting that fixes it. Handles Node/undici errors (a `code`, often on
// a nested `cause`) and Electron's net errors (`net::ERR_…` in the message).

/** Where the trusted roots and the proxy come from, named in the messages. */
export const CA_SETTING_HINT =
  'In the desktop app TokenTray trusts the operating system\'s certificate store: add your organisation\'s root certificate there. ' +
  'Under Node set NODE_EXTRA_CA_CERTS to a PEM file holding it.';
export const PROXY_SETTING_HINT =
  'The desktop app uses the system proxy settings; under Node set HTTPS_PROXY (and NO_PROXY for hosts to reach directly), with credentials as http://user:password@proxy:port when the proxy needs them.';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const HOSTNAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID']);

interface Found {
  code: string;
  message: string;
}

/** Every error in the `cause` chain, outermost first (bounded: chains can be cyclic). */
function chain(error: unknown): Found[] {
  const found: Found[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown };
    found.push({ code: typeof record.code === 'string' ? record.code : '', message: typeof record.message === 'string' ? record.message : '' });
    current = record.cause;
  }
  if (found.length === 0) found.push({ code: '', message: String(error) });
  return found;
}

/** A sentence fragment that follows "Could not reach <host>: ". */
export function describeNetworkError(error: unknown): string {
  const errors = chain(error);
  const has = (codes: Set<string>, electron: RegExp) => errors.some((e) => codes.has(e.code) || electron.test(e.message));

  if (has(UNTRUSTED, /net::ERR_CERT_AUTHORITY_INVALID/)) {
    return `the server's TLS certificate is not trusted (it was issued by an authority this computer does not trust, as happens when a corporate proxy inspects TLS). ${CA_SETTING_HINT}`;
  }
  if (has(HOSTNAME, /net::ERR_CERT_COMMON_NAME_INVALID/)) {
    return 'the server\'s TLS certificate is for a different host name (check the URL; if a proxy intercepts TLS, it presented a certificate for the wrong host)';
  }
  if (has(EXPIRED, /net::ERR_CERT_DATE_INVALID/)) {
    return 'the server\'s TLS certificate has expired or is not yet valid (check this computer\'s clock; otherwise the server must renew it)';
  }
  const tunnel = errors.map((e) => /Proxy response \((\d+)\)/.exec(e.message)?.[1]).find(Boolean);
  if (tunnel === '407' || errors.some((e) => /net::ERR_PROXY_AUTH/.test(e.message))) {
    return `the proxy asks for credentials (HTTP 407). ${PROXY_SETTING_HINT}`;
  }
  if (tunnel || errors.some((e) => /net::ERR_TUNNEL_CONNECTION_FAILED/.test(e.message))) {
    return `the proxy refused to open a tunnel to it${tunnel ? ` (HTTP ${tunnel} to CONNECT)` : ''}; the proxy may block this host. ${PROXY_SETTING_HINT}`;
  }
  if (errors.some((e) => /net::ERR_PROXY_CONNECTION_FAILED/.test(e.message))) {
    return `the proxy could not be reached. ${PROXY_SETTING_HINT}`;
  }
  const code = errors.map((e) => e.code).find((c) => c && c !== 'UND_ERR_SOCKET') ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running, and is the URL right?)';
    case 'ENOTFOUND':
      return 'the host name does not resolve (check the region or base URL)';
    case 'ECONNRESET':
      return 'the connection was reset';
    default: {
      const innermost = errors[errors.length - 1];
      return innermost?.message || 'the network request failed';
    }
  }
}
