// Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature headers;
// HMAC-SHA256 over `id.timestamp.body`), so receivers verify with an existing library.
// Secrets look like `whsec_<base64 key>`; any other string is used as raw UTF-8 key bytes.

import { createHmac, randomBytes } from 'node:crypto';

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
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
