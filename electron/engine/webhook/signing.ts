// Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature headers;
// HMAC-SHA256 over `id.timestamp.body`), so receivers verify with an existing library.
// Secrets look like `whsec_<base64 key>`; any other string is used as raw UTF-8 key bytes.

import { createHmac, randomBytes } from 'node:crypto';

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Standard Webhooks secrets carry 24 to 64 random bytes; fewer makes the HMAC guessable. */
export const MIN_WEBHOOK_SECRET_BYTES = 24;

/** Why a webhook signing secret is unusable, in words, or undefined when it is fine. */
export function webhookSecretProblem(secret: string): string | undefined {
  if (secret.startsWith('whsec_')) {
    const encoded = secret.slice('whsec_'.length);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
      return 'The webhook signing secret starts with whsec_ but the rest is not base64. Paste the secret exactly as the receiver shows it, or leave it empty to generate one.';
    }
  }
  const bytes = secretKeyBytes(secret).length;
  if (bytes < MIN_WEBHOOK_SECRET_BYTES) {
    return `The webhook signing secret holds ${bytes} bytes of key; at least ${MIN_WEBHOOK_SECRET_BYTES} are needed for a signature nobody can guess. Leave it empty to generate one, or use the receiver's whsec_ secret.`;
  }
  return undefined;
}

export function secretKeyBytes(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

export function signWebhook(input: { secret: string; id: string; timestamp: number; body: string }): Record<string, string> {
  const signature = createHmac('sha256', secretKeyBytes(input.secret)).update(`${input.id}.${input.timestamp}.${input.body}`).digest('base64');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': `v1,${signature}`,
  };
}
