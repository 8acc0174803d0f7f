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

export function normaliseTokenInput(input: string): string {
  return input.trim().replace(/^bearer\s+/i, '').trim();
}

export function looksLikeJwt(token: string): boolean {
  const decoded = decodeJwt(token);
  return decoded.ok && typeof decoded.header.alg === 'string';
}

export function decodeJwt(input: string): JwtDecodeResult {
  const token = normaliseTokenInput(input);
  if (!token) return fail('whole', 'Paste a token: the input is empty.');
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
