// Redaction: the one place that decides what a secret looks like, used by the logger, the audit
// log and error messages so that tokens never leak into text that leaves the vault.

import type { SecretIndex } from './secret-index.js';

const SECRET_KEYS = new Set([
  'access_token', 'accesstoken', 'refresh_token', 'refreshtoken', 'id_token', 'idtoken', 'client_secret',
  'clientsecret', 'authorization', 'password', 'code_verifier', 'codeverifier', 'secret',
  'webhooksigningsecret', 'assertion',
]);

/** Three base64url segments, the first starting like a JSON object: a JWT. */
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const CREDENTIAL_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const REDACTED = '[redacted]';

const knownSecretSources = new Set<Pick<SecretIndex, 'redact'>>();

/**
 * Registers the index of the secrets this process holds (the vault's), so that opaque tokens,
 * which have no recognisable shape, are redacted too. Returns the unregister function.
 */
export function registerKnownSecrets(index: Pick<SecretIndex, 'redact'>): () => void {
  knownSecretSources.add(index);
  return () => knownSecretSources.delete(index);
}

export function redactString(text: string): string {
  let out = text.replace(JWT_PATTERN, REDACTED).replace(CREDENTIAL_PATTERN, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  for (const index of knownSecretSources) out = index.redact(out, REDACTED);
  return out;
}

/** Deep copy with secret-named fields and token-shaped substrings replaced. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.has(key.toLowerCase().replace(/-/g, '_')) && inner !== undefined && inner !== null ? REDACTED : redactSecrets(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A preview to recognise a token by, useless to an attacker: the first and last four characters
 * and the length. Short values are fully hidden because four plus four would reveal most of them.
 */
export function maskToken(token: string): string {
  if (token.length < 24) return `(hidden, ${token.length} chars)`;
  return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`;
}
