// Decoding a JWT for display, with precise messages for pasted garbage: which segment is wrong
// and how. Decoding proves nothing about authenticity; verification is jwt-verifier.ts.

export type JwtSegment = 'whole' | 'header' | 'payload' | 'signature';
export interface JwtDecodeProblem {
  segment: JwtSegment;
  message: string;
}
export type JwtDecodeResult =
  | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { ok: false; problem: JwtDecodeProblem };

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Real JWTs are a few KB; anything past this is refused before decoding. */
export const MAX_TOKEN_CHARS = 64 * 1024;
/** Claims are shallow in practice; deep nesting only serves to exhaust the decoder or the UI. */
export const MAX_JSON_DEPTH = 32;

/** Quote characters a token is often pasted between (straight, typographic and backticks). */
const QUOTES = `'"\`‘’‚‛“”„`;

/**
 * The token in what a person pasted: without surrounding spaces and quotes, an `Authorization:`
 * header name, a `Bearer ` prefix, and line breaks inside it (no token has any: RFC 6750 b64token),
 * as a terminal or an e-mail wraps them.
 */
export function normaliseTokenInput(input: string): string {
  let token = input.trim();
  token = token.replace(/^authorization\s*:\s*/i, '');
  for (let i = 0; i < 2; i += 1) {
    token = token.trim();
    while (token.length >= 2 && QUOTES.includes(token[0]!) && QUOTES.includes(token.at(-1)!)) token = token.slice(1, -1).trim();
    token = token.replace(/^bearer\s+/i, '');
  }
  // A line break (with the indentation around it) is how terminals and mail wrap a token; a lone
  // space inside one is a damaged token, and the decoder says which segment.
  return token.replace(/\s*[\r\n]+\s*/g, '');
}

export function looksLikeJwt(token: string): boolean {
  const decoded = decodeJwt(token);
  return decoded.ok && typeof decoded.header.alg === 'string';
}

export function decodeJwt(input: string): JwtDecodeResult {
  const token = normaliseTokenInput(input);
  if (!token) return fail('whole', 'Paste a token: the input is empty.');
  if (token.length > MAX_TOKEN_CHARS) {
    return fail('whole', `The input is ${token.length.toLocaleString('en')} characters long; TokenTray inspects tokens of up to ${MAX_TOKEN_CHARS.toLocaleString('en')} characters. Paste the token alone.`);
  }
  const parts = token.split('.');
  if (parts.length === 5) return fail('whole', 'This is a JWE (5 segments): an encrypted token whose claims only its recipient can read.');
  if (parts.length !== 3) {
    return fail('whole', `The token has ${parts.length} segment${parts.length === 1 ? '' : 's'}; a JWT has 3 separated by dots (header.payload.signature).${parts.length === 1 ? ' It may be an opaque token, which cannot be decoded.' : ''}`);
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeSegment(headerPart, 'header');
  if (!header.ok) return header;
  if (typeof header.value.alg !== 'string') return fail('header', 'The header has no "alg" field, so this is not a JWT header.');
  const payload = decodeSegment(payloadPart, 'payload');
  if (!payload.ok) return payload;
  const badSig = firstBadChar(signaturePart);
  if (badSig !== undefined) {
    return fail('signature', `The signature segment is not valid base64url (character '${signaturePart[badSig]}' at position ${badSig + 1}).`);
  }
  return { ok: true, header: header.value, claims: payload.value };
}

function decodeSegment(part: string, segment: 'header' | 'payload'): { ok: true; value: Record<string, unknown> } | { ok: false; problem: JwtDecodeProblem } {
  if (!part) return fail(segment, `The ${segment} segment is empty.`);
  const bad = firstBadChar(part);
  if (bad !== undefined) return fail(segment, `The ${segment} segment is not valid base64url (character '${part[bad]}' at position ${bad + 1}).`);
  if (part.length % 4 === 1) return fail(segment, `The ${segment} segment has an impossible length for base64url (${part.length} characters); it was probably cut off.`);
  const text = Buffer.from(part, 'base64url').toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(segment, `The ${segment} segment decodes but is not JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(segment, `The ${segment} is JSON but not an object.`);
  }
  if (depthOf(value) > MAX_JSON_DEPTH) return fail(segment, `The ${segment} nests deeper than ${MAX_JSON_DEPTH} levels, which no real token does.`);
  return { ok: true, value: value as Record<string, unknown> };
}

function firstBadChar(part: string): number | undefined {
  if (B64URL.test(part)) return undefined;
  for (let i = 0; i < part.length; i += 1) if (!/[A-Za-z0-9_-]/.test(part[i] ?? '')) return i;
  return undefined;
}

function fail(segment: JwtSegment, message: string): { ok: false; problem: JwtDecodeProblem } {
  return { ok: false, problem: { segment, message } };
}

/** Nesting depth of parsed JSON, iteratively (a recursive walk could overflow the stack). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * A NumericDate claim (seconds) as an ISO time, or a plain description when it is not a number or
 * lies outside what a Date can hold (±8.64e15 ms): never throws "Invalid time value".
 */
export function describeClaimTime(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${JSON.stringify(value) ?? String(value)} (not a time)`.slice(0, 60);
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? `${value} (outside the range of dates)` : date.toISOString();
}
