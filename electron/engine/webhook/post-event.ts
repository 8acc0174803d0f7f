// One signed POST of an event to the webhook receiver (Standard Webhooks headers), its answer
// classified for the outbox: delivered, or failed with a message that names the receiver (never
// "the region or base URL", which the network layer says for token endpoints) and any wait the
// receiver asked for. Redirects are refused by the fetch seam: signed events go to the URL only.

import type { Clock } from '../contracts.js';
import { NetworkError, RedirectRefusedError, fetchWithTimeout, type FetchFunction } from '../http/fetch-with-timeout.js';
import { parseRetryAfter } from '../http/retry-after.js';
import type { WebhookEvent } from './events.js';
import { signWebhook } from './signing.js';

export type PostOutcome = { ok: true; status: number } | { ok: false; status?: number; message: string; retryAfterMs?: number };

export async function postSignedEvent(
  event: WebhookEvent,
  destination: { url: string; secret: string },
  options: { clock: Clock; userAgent: string; timeoutMs: number; fetch?: FetchFunction },
): Promise<PostOutcome> {
  const body = JSON.stringify(event);
  const headers = {
    'content-type': 'application/json',
    'user-agent': options.userAgent,
    ...signWebhook({ secret: destination.secret, id: event.id, timestamp: Math.floor(options.clock.now() / 1000), body }),
  };
  try {
    const response = await fetchWithTimeout(destination.url, { method: 'POST', headers, body }, { timeoutMs: options.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), options.clock.now()) : undefined;
    return { ok: false, status: response.status, message: `The webhook receiver answered ${response.status}.`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch (error) {
    if (error instanceof RedirectRefusedError) return { ok: false, message: `The webhook receiver ${receiverName(destination.url)} redirected instead of answering: ${error.message}` };
    const cause = error instanceof NetworkError ? error.message.replace(/\s*\(check the region or base URL\)/, '') : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The webhook receiver ${receiverName(destination.url)} could not be reached: ${cause} Check the webhook URL in the settings, and that the receiver is running.` };
  }
}

function receiverName(url: string): string {
  try {
    const parsed = new URL(url);
    return `at ${parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}
