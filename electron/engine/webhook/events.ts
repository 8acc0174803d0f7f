// Webhook payloads are built from an explicit allowlist of fields, so nothing secret can slip in
// even when a caller hands over a larger object.

import { randomUUID } from 'node:crypto';
import * as v from 'valibot';

export const WEBHOOK_EVENT_TYPES = ['refresh.succeeded', 'refresh.failed', 'signin.required', 'signin.completed', 'signout', 'scope.drift', 'test'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const WebhookProfileRefSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  clientId: v.string(),
  provider: v.picklist(['genesys', 'oidc']),
  region: v.optional(v.string()),
});

const WebhookEventDataSchema = v.strictObject({
  latencyMs: v.optional(v.number()),
  attempts: v.optional(v.number()),
  expiresAt: v.optional(v.string()),
  error: v.optional(v.strictObject({ code: v.string(), message: v.string(), serverError: v.optional(v.string()), serverDescription: v.optional(v.string()) })),
  scopes: v.optional(v.strictObject({ added: v.array(v.string()), removed: v.array(v.string()) })),
  willRetry: v.optional(v.boolean()),
});

/**
 * One event as it is sent and as the outbox keeps it on disk: the same allowlist of fields, so a
 * queue file someone edited (or a bug wrote) cannot smuggle a field into a signed delivery.
 */
export const WebhookEventSchema = v.strictObject({
  /** Idempotency key: receivers drop a repeated id. */
  id: v.pipe(v.string(), v.regex(/^msg_[A-Za-z0-9]{1,64}$/, 'is not a webhook event id (msg_ and up to 64 letters or digits)')),
  type: v.picklist(WEBHOOK_EVENT_TYPES),
  occurredAt: v.pipe(v.string(), v.isoTimestamp('is not an ISO 8601 time')),
  profile: v.nullable(WebhookProfileRefSchema),
  data: WebhookEventDataSchema,
});

export type WebhookProfileRef = v.InferOutput<typeof WebhookProfileRefSchema>;
export type WebhookEventData = v.InferOutput<typeof WebhookEventDataSchema>;
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>;

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
