// What people paste is rarely just the token: a `Bearer ` prefix copied from a header, quotes from
// JSON or a shell, line breaks from a terminal that wrapped it. Those are removed before decoding,
// and each removal is said, so nobody wonders why the input changed.

export interface CleanedToken {
  token: string;
  /** What was removed, in words, e.g. "the Bearer prefix"; empty when the input was clean. */
  removed: string[];
}

const QUOTES: [string, string][] = [['"', '"'], ["'", "'"], ['`', '`'], ['\u201c', '\u201d'], ['\u2018', '\u2019']];

export function cleanPastedToken(raw: string): CleanedToken {
  const removed: string[] = [];
  let text = raw;
  const trimmed = text.trim();
  if (trimmed !== text) removed.push('the spaces or line breaks around it');
  text = trimmed;
  // Quotes and the prefix may nest either way round: "Bearer x" and Bearer "x".
  for (let pass = 0; pass < 2; pass += 1) {
    const quote = QUOTES.find(([open, close]) => text.length >= 2 && text.startsWith(open) && text.endsWith(close));
    if (quote) {
      text = text.slice(1, -1).trim();
      if (!removed.includes('the quotes')) removed.push('the quotes');
    }
    const prefix = /^(authorization:\s*)?bearer\s+/i.exec(text);
    if (prefix) {
      text = text.slice(prefix[0].length).trim();
      if (!removed.includes('the Bearer prefix')) removed.push(prefix[1] ? 'the Authorization: Bearer prefix' : 'the Bearer prefix');
    }
  }
  const inner = text.replace(/\s+/g, '');
  if (inner !== text) removed.push('the line breaks or spaces inside it');
  return { token: inner, removed };
}

export type VerdictTone = 'ok' | 'warn' | 'bad';
export interface Verdict {
  tone: VerdictTone;
  text: string;
}

const ago = (ms: number): string => {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
};

/** The token's time window in words: expired (and how long ago), not yet valid, or valid for how long. */
export function timeVerdict(claims: Record<string, unknown>, now: number): Verdict {
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  const nbf = typeof claims.nbf === 'number' ? claims.nbf * 1000 : undefined;
  if (nbf !== undefined && nbf > now) return { tone: 'bad', text: `Not valid yet: valid from ${ago(nbf - now)} from now (check this computer's clock if that is unexpected)` };
  if (exp === undefined) return { tone: 'warn', text: 'Never expires: the token has no exp claim' };
  if (exp <= now) return { tone: 'bad', text: `Expired ${ago(now - exp)} ago` };
  return { tone: 'ok', text: `Valid for another ${ago(exp - now)}` };
}

/** The signature check in words; a failed check's reason (wrong audience, issuer, key) is the engine's. */
export function signatureVerdict(verification: { status: 'verified' | 'unverified' | 'failed'; reason?: string }, checked: boolean): Verdict {
  if (verification.status === 'verified') return { tone: 'ok', text: 'Signature verified' };
  // jose checks the time claims only after the signature: an expired token's signature did match.
  if (verification.status === 'failed' && /^(Expired|Not valid yet)/.test(verification.reason ?? '')) return { tone: 'ok', text: 'Signature matches the issuer\'s key' };
  if (verification.status === 'failed') return { tone: 'bad', text: verification.reason ?? 'Verification failed' };
  return { tone: 'warn', text: checked ? verification.reason ?? 'Not verified' : 'Signature not checked: choose a profile or a JWKS URL under "Verify with" to check it' };
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
