import { writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWebhookEvent, type WebhookEvent } from '../../../electron/engine/webhook/events.js';
import { WebhookOutbox } from '../../../electron/engine/webhook/outbox.js';
import { generateWebhookSecret, signWebhook } from '../../../electron/engine/webhook/signing.js';
import { closedPort } from '../../support/closed-port.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { startRecordingReceiver, type RecordingReceiver } from '../../support/webhook-receiver.js';

const tempDir = useTempDirs();
const secret = generateWebhookSecret();
let receiver: RecordingReceiver;
let url: string;
let received: RecordingReceiver['received'];

beforeAll(async () => {
  receiver = await startRecordingReceiver();
  url = receiver.url;
  received = receiver.received;
});
afterAll(() => receiver.close());
beforeEach(() => {
  received.length = 0;
  receiver.status = 204;
});

const profile = { id: 'p', name: 'Prod', clientId: 'cid', provider: 'genesys' as const, region: 'mypurecloud.ie' };
const event = (type: WebhookEvent['type'] = 'refresh.succeeded') => buildWebhookEvent(type, { profile, data: { latencyMs: 42 }, occurredAt: '2026-11-23T10:00:00.000Z' });

function verify(headers: IncomingHttpHeaders, body: string): unknown {
  return new Webhook(secret).verify(body, {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  });
}

describe('webhook signing', () => {
  it('verifies with the standardwebhooks library and fails when tampered', () => {
    const body = JSON.stringify(event());
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: Math.floor(Date.now() / 1000), body });
    expect(verify(headers, body)).toMatchObject({ type: 'refresh.succeeded' });
    expect(() => verify(headers, body.replace('42', '43'))).toThrow();
  });
});

describe('webhook payloads', () => {
  it('carry only allowlisted fields, never tokens, even when handed them', () => {
    const sneaky = { ...profile, accessToken: 'AT-SECRET', clientSecret: 'CS-SECRET' };
    const data = { latencyMs: 1, refreshToken: 'RT-SECRET', error: { code: 'x', message: 'y', accessToken: 'AT-SECRET' } };
    const built = JSON.stringify(buildWebhookEvent('refresh.failed', { profile: sneaky, data, occurredAt: 'now' }));
    expect(built).not.toMatch(/SECRET/);
    expect(JSON.parse(built)).toMatchObject({ type: 'refresh.failed', profile: { id: 'p' }, data: { latencyMs: 1, error: { code: 'x' } } });
  });
});

describe('WebhookOutbox', () => {
  it('delivers signed events to a live receiver and removes them', async () => {
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'outbox.json') });
    outbox.configure({ url, secret });
    await outbox.enqueue(event());
    const results = await outbox.deliverNow();
    expect(results).toMatchObject([{ kind: 'delivered', httpStatus: 204 }]);
    expect(verify(received[0]!.headers, received[0]!.body)).toMatchObject({ profile: { name: 'Prod' } });
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(outbox.stats().pending).toBe(0);
  });

  it('keeps events across a restart and retries with growing, persisted delays', async () => {
    const file = join(tempDir(), 'outbox.json');
    let now = 1_000_000;
    const clock = { now: () => now };
    const down = `http://127.0.0.1:${await closedPort()}/down`;
    const first = await WebhookOutbox.open({ file, clock, random: () => 0.999 });
    first.configure({ url: down, secret });
    await first.enqueue(event());
    const failure = await first.deliverNow();
    expect(failure[0]).toMatchObject({ kind: 'failed', message: expect.stringMatching(/connection refused/) });
    const firstDelay = (failure[0] as { nextAttemptAt: number }).nextAttemptAt - now;
    await first.stop();

    const second = await WebhookOutbox.open({ file, clock, random: () => 0.999 });
    second.configure({ url: down, secret });
    expect(second.stats().pending).toBe(1);
    expect(await second.deliverNow()).toEqual([]); // not due yet: the delay survived the restart
    now += firstDelay;
    const again = await second.deliverNow();
    expect((again[0] as { nextAttemptAt: number }).nextAttemptAt - now).toBeGreaterThan(firstDelay);

    const third = await WebhookOutbox.open({ file, clock });
    third.configure({ url, secret });
    now += 10 * 60_000;
    expect(await third.deliverNow()).toMatchObject([{ kind: 'delivered' }]);
    expect(received).toHaveLength(1);
  });

  it('an unreachable receiver is one outage: one log line and one report when it starts, one when it ends, with the count', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const clock = { now: () => now };
    const warnings: string[] = [];
    const infos: string[] = [];
    const logger = { debug: () => {}, info: (m: string) => void infos.push(m), warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
    const reports: { kind: string; failedAttempts?: number; message?: string }[] = [];
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'o.json'), clock, logger, onResult: (r) => void reports.push(r) });
    const down = `http://127.0.0.1:${await closedPort()}/idm`;
    outbox.configure({ url: down, secret });
    for (let i = 0; i < 3; i += 1) await outbox.enqueue(event());
    for (let round = 0; round < 10; round += 1) {
      await outbox.deliverNow();
      now += 60 * 60_000;
    }
    expect(warnings).toHaveLength(1);
    expect(reports.map((r) => r.kind)).toEqual(['outage_started']);
    expect(reports[0]?.message).toContain(`The webhook receiver at ${down}`);
    expect(reports[0]?.message).not.toMatch(/region|base URL/);
    outbox.configure({ url, secret });
    await outbox.deliverNow();
    expect(reports.map((r) => r.kind)).toEqual(['outage_started', 'outage_ended', 'delivered', 'delivered', 'delivered']);
    expect(reports[1]?.failedAttempts).toBe(30);
    expect(warnings).toHaveLength(1);
    expect(infos).toHaveLength(1);
  });

  it('is bounded: the oldest events are dropped and reported', async () => {
    const dropped: string[] = [];
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'o.json'), maxEntries: 3, onResult: (r) => r.kind === 'dropped' && dropped.push(r.eventId) });
    outbox.configure({ url, secret });
    const events = Array.from({ length: 5 }, () => event());
    for (const e of events) await outbox.enqueue(e);
    expect(outbox.stats()).toMatchObject({ pending: 3, dropped: 2 });
    expect(dropped).toEqual([events[0]!.id, events[1]!.id]);
  });

  it('stops retrying an event the receiver answers 410 Gone', async () => {
    receiver.status = 410;
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'o.json') });
    outbox.configure({ url, secret });
    await outbox.enqueue(event());
    expect(await outbox.deliverNow()).toMatchObject([{ kind: 'dropped' }]);
    expect(outbox.stats().pending).toBe(0);
  });

  it('refuses plain http except on loopback, saying why', async () => {
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'o.json') });
    expect(() => outbox.configure({ url: 'http://idm.example.com/hook', secret })).toThrow(/use https/);
    expect(() => outbox.configure({ url: 'https://idm.example.com/hook', secret: '' })).toThrow(/secret is empty/);
  });

  it('sets a corrupt outbox file aside', async () => {
    const file = join(tempDir(), 'o.json');
    writeFileSync(file, 'not json');
    const outbox = await WebhookOutbox.open({ file });
    expect(outbox.recovery()?.movedTo).toMatch(/corrupt/);
  });

  it('the test button explains each outcome', async () => {
    const outbox = await WebhookOutbox.open({ file: join(tempDir(), 'o.json') });
    outbox.configure({ url, secret });
    expect(await outbox.sendTest()).toEqual({ ok: true, httpStatus: 204, message: 'Delivered: the receiver answered 204.' });
    receiver.status = 401;
    expect((await outbox.sendTest()).message).toMatch(/check the signing secret/);
    const port = await closedPort();
    outbox.configure({ url: `http://127.0.0.1:${port}/hook`, secret });
    const unreachable = (await outbox.sendTest()).message;
    expect(unreachable).toContain(`The webhook receiver at http://127.0.0.1:${port}/hook could not be reached`);
    expect(unreachable).toContain('connection refused');
    expect(unreachable).not.toMatch(/region|base URL/);
  });
});
