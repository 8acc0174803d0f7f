// Which URLs the engine may talk to. Tokens and signed events only travel over HTTPS; plain HTTP
// is allowed for loopback alone (the sandbox, local test servers, RFC 8252 redirects).

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export type ServiceUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/**
 * Accepts an absolute https URL, or http on loopback. `what` names the field in the message,
 * e.g. "webhook URL", so the user knows which setting to fix.
 */
export function checkServiceUrl(raw: string, what: string): ServiceUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: `The ${what} "${raw}" is not a valid URL; enter a full address such as https://example.com/path.` };
  }
  if (url.username || url.password) {
    return { ok: false, message: `The ${what} must not contain a user name or password; credentials go in the profile's secret fields.` };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return { ok: true, url };
  if (url.protocol === 'http:') {
    return { ok: false, message: `The ${what} "${url.origin}" uses plain http; use https (plain http is allowed only for 127.0.0.1 and localhost).` };
  }
  return { ok: false, message: `The ${what} "${raw}" uses ${url.protocol.replace(':', '')}; only https (or http on loopback) is supported.` };
}

/** Joins a base URL that may carry a path prefix (gateways) with an absolute API path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * The address to bind for a loopback redirect URI's host: the IPv4 or IPv6 loopback literal as
 * registered. Undefined for "localhost" (RFC 8252 §8.3: it may resolve to another interface).
 */
export function loopbackBindAddress(hostname: string): string | undefined {
  if (hostname === '[::1]') return '::1';
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) ? hostname : undefined;
}
