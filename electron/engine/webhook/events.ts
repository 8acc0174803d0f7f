// Webhook payloads are built from an explicit allowlist of fields, so nothing secret can slip in
// even when a caller hands over a larger object.

import { randomUUID } from 'node:crypto';

export type WebhookEventType = 'refresh.succeeded' | 'refresh.failed' | 'signin.required' | 'signin.completed' | 'signout' | 'scope.drift' | 'test';

export interface WebhookProfileRef {
  id: string;
  name: string;
  clientId: string;
  provider: 'genesys' | 'oidc';
  region?: string;
}

export interface WebhookEventData {
  latencyMs?: number;
  attempts?: number;
  expiresAt?: string;
  error?: { code: string; message: string; serverError?: string; serverDescription?: string };
  scopes?: { added: string[]; removed: string[] };
  willRetry?: boolean;
}

export interface WebhookEvent {
  /** Idempotency key: receivers drop a repeated id. */
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  profile: WebhookProfileRef | null;
  data: WebhookEventData;
}

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

export function buildWebhookEvent(type: WebhookEventType, input: { profile: WebhookProfileRef | null; data: WebhookEventData; occurredAt: string; id?: string }): WebhookEvent {
  const p = input.profile;
  const d = input.data;
  const data: WebhookEventData = {};
  if (num(d.latencyMs) !== undefined) data.latencyMs = num(d.latencyMs);
  if (num(d.attempts) !== undefined) data.attempts = num(d.attempts);
  if (str(d.expiresAt)) data.expiresAt = str(d.expiresAt);
  if (typeof d.willRetry === 'boolean') data.willRetry = d.willRetry;
  if (d.error) {
    data.error = { code: str(d.error.code) ?? 'unknown', message: str(d.error.message) ?? '' };
    if (str(d.error.serverError)) data.error.serverError = str(d.error.serverError);
    if (str(d.error.serverDescription)) data.error.serverDescription = str(d.error.serverDescription);
  }
  if (d.scopes) data.scopes = { added: strings(d.scopes.added), removed: strings(d.scopes.removed) };
  return {
    id: input.id ?? `msg_${randomUUID().replace(/-/g, '')}`,
    type,
    occurredAt: input.occurredAt,
    profile: p ? { id: p.id, name: p.name, clientId: p.clientId, provider: p.provider, ...(p.region ? { region: p.region } : {}) } : null,
    data,
  };
}
