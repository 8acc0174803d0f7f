// PKCE (RFC 7636) with S256, and the random `state` that ties a redirect to the request we made.

import { createHash, randomBytes } from 'node:crypto';

export function createPkcePair(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = randomBytes(32).toString('base64url'); // 43 chars, within 43..128
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url'), method: 'S256' };
}

export function createState(): string {
  return randomBytes(16).toString('base64url');
}
