// The outbox's queue file is read back as if it came from outside: each queued event is checked with
// the schema the event type is derived from, so an edited or damaged file cannot put a field (a
// token, say) into a signed delivery. A real outbox writes the file, the test tampers with it,
// and a fresh outbox opens it against a recording receiver.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebhookEvent } from '../../../electron/engine/webhook/events.js';
import { WebhookOutbox } from '../../../electron/engine/webhook/outbox.js';
import { generateWebhookSecret } from '../../../electron/engine/webhook/signing.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { startRecordingReceiver, type RecordingReceiver } from '../../support/webhook-receiver.js';

const tempDir = useTempDirs();
const secret = generateWebhookSecret();
let receiver: RecordingReceiver;
beforeAll(async () => void (receiver = await startRecordingReceiver()));
afterAll(() => receiver.close());

const event = () => buildWebhookEvent('refresh.failed', {
  profile: { id: 'p', name: 'Prod', clientId: 'cid', provider: 'genesys', region: 'mypurecloud.ie' },
  data: { latencyMs: 12, error: { code: 'invalid_grant', message: 'Sign in again.' } },
  occurredAt: '2026-11-23T10:00:00.000Z',
});

type QueueFile = { version: 1; dropped: number; queue: { event: Record<string, unknown>; attempts: number; nextAttemptAt: number }[] };

/** A queue file written by a real outbox (never started, so the event stays queued). */
async function writtenQueue(): Promise<{ file: string; queued: QueueFile }> {
  const file = join(tempDir(), 'webhook-outbox.json');
  const writer = await WebhookOutbox.open({ file });
  writer.configure({ url: receiver.url, secret });
  await writer.enqueue(event());
  return { file, queued: JSON.parse(readFileSync(file, 'utf8')) as QueueFile };
}

async function reopenAndDeliver(file: string): Promise<WebhookOutbox> {
  receiver.received.length = 0;
  const outbox = await WebhookOutbox.open({ file });
  outbox.configure({ url: receiver.url, secret });
  await outbox.deliverNow();
  return outbox;
}

describe('the outbox reads its queue file with the event schema', () => {
  it('delivers what it wrote, exactly', async () => {
    const { file, queued } = await writtenQueue();
    const outbox = await reopenAndDeliver(file);
    expect(outbox.recovery()).toBeUndefined();
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([queued.queue[0]!.event]);
  });

  const tampered: [string, (queued: QueueFile) => void, RegExp][] = [
    ['a secret added to the event data', (q) => void ((q.queue[0]!.event.data as Record<string, unknown>).accessToken = 'eyJ.stolen'), /queue\.0\.event\.data.*accessToken|accessToken/],
    ['an event type that does not exist', (q) => void (q.queue[0]!.event.type = 'token.exported'), /queue\.0\.event\.type/],
    ['an event id that would break the signed headers', (q) => void (q.queue[0]!.event.id = 'msg_1\r\nx-evil: 1'), /queue\.0\.event\.id: is not a webhook event id/],
    ['a profile without its client id', (q) => void delete (q.queue[0]!.event.profile as Record<string, unknown>).clientId, /queue\.0\.event\.profile/],
    ['a time that is not ISO 8601', (q) => void (q.queue[0]!.event.occurredAt = 'yesterday'), /occurredAt: is not an ISO 8601 time/],
    ['a negative attempt count', (q) => void (q.queue[0]!.attempts = -3), /queue\.0\.attempts/],
  ];

  for (const [what, tamper, reason] of tampered) {
    it(`sets the file aside, sends nothing and says where it is wrong: ${what}`, async () => {
      const { file, queued } = await writtenQueue();
      tamper(queued);
      writeFileSync(file, JSON.stringify(queued));
      const outbox = await reopenAndDeliver(file);
      expect(receiver.received).toEqual([]);
      expect(outbox.stats().pending).toBe(0);
      const recovery = outbox.recovery();
      expect(recovery?.movedTo).toMatch(/corrupt/);
      expect(recovery?.reason).toMatch(/does not hold valid queued events/);
      expect(recovery?.reason).toMatch(reason);
      expect(recovery?.reason).not.toContain('eyJ.stolen');
      // The original bytes are kept for inspection, not lost.
      expect(JSON.parse(readFileSync(recovery!.movedTo, 'utf8'))).toEqual(queued);
    });
  }
});
