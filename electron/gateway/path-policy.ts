// What the gateway forwards, decided on the request target alone before anything else happens:
// only origin-form targets under /api/v2/ of the profile's own API host, never the OAuth endpoints
// or the token-management API (a consumer must not revoke, inspect or mint the shared token), and
// never a path whose meaning could change on the way (dot segments, encoded slashes, backslashes).

export type TargetVerdict =
  | { ok: true; path: string; query: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** Characters RFC 3986 allows in a path, plus `%` for escapes (checked separately). */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const MAX_TARGET_LENGTH = 8 * 1024;

export function checkTarget(target: string): TargetVerdict {
  if (target.length > MAX_TARGET_LENGTH) return { ok: false, status: 400, reason: `the request target is longer than ${MAX_TARGET_LENGTH} characters` };
  if (!target.startsWith('/')) {
    return { ok: false, status: 400, reason: 'the request line must hold a path such as /api/v2/users/me, not an absolute URL: the gateway is not a general proxy' };
  }
  const cut = target.indexOf('?');
  const path = cut === -1 ? target : target.slice(0, cut);
  const query = cut === -1 ? '' : target.slice(cut);
  if (query.includes('#')) return { ok: false, status: 400, reason: 'the request target must not carry a fragment (#)' };
  if (!PATH_CHARS.test(path)) return { ok: false, status: 400, reason: 'the path holds characters that are not allowed in a URL path (spaces, backslashes, control characters)' };
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return { ok: false, status: 400, reason: 'the path holds a % that is not a valid escape' };
  if (/%2f|%5c|%00/i.test(path)) return { ok: false, status: 400, reason: 'the path holds an encoded slash, backslash or NUL, which the gateway refuses' };
  const decodedDots = path.replace(/%2e/gi, '.');
  if (decodedDots.split('/').some((segment) => segment === '.' || segment === '..')) return { ok: false, status: 400, reason: 'the path holds "." or ".." segments, which the gateway refuses' };
  if (path.includes('//')) return { ok: false, status: 400, reason: 'the path holds an empty segment (//), which the gateway refuses' };
  const lower = decodedDots.toLowerCase();
  if (lower === '/oauth' || lower.startsWith('/oauth/') || lower.startsWith('/login/')) {
    return { ok: false, status: 403, reason: 'OAuth endpoints are never reachable through the gateway: TokenTray alone signs in and refreshes' };
  }
  if (lower === '/api/v2/tokens' || lower.startsWith('/api/v2/tokens/')) {
    return { ok: false, status: 403, reason: '/api/v2/tokens/** manages the shared token itself, so no consumer may call it through the gateway' };
  }
  if (!lower.startsWith('/api/v2/')) return { ok: false, status: 404, reason: 'the gateway forwards only /api/v2/** (the Genesys Cloud Platform API)' };
  return { ok: true, path, query };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The path with identifiers replaced, for audit lines and metrics: `/api/v2/users/{id}/queues`.
 * Ids are UUIDs, numbers, and long tokens with digits (Genesys ids, emails, phone numbers); the
 * query string is dropped, as it may carry names or search terms.
 */
export function pathTemplate(path: string): string {
  return path.split('/').map((segment) => {
    if (segment === '') return segment;
    const decoded = safeDecode(segment);
    if (UUID.test(decoded) || /^\d+$/.test(decoded) || decoded.includes('@') || (decoded.length >= 12 && /\d/.test(decoded))) return '{id}';
    return segment.length > 64 ? '{id}' : segment;
  }).join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
