// One admitted request sent on to the profile's API host with undici (no hand-written HTTP), and
// its answer streamed back. On the way: the shared rate budget is waited for before every send;
// a 401 gets one refresh through the engine and one retry; a 429 is waited out (Retry-After,
// bounded) and retried instead of being passed on; a redirect is refused, never followed. Retries
// need the body again, so bodies up to REPLAY_LIMIT are held in memory; bigger ones stream
// straight through (and a 401 or 429 on them is passed on as is).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool, type Dispatcher } from 'undici';
import { parseRetryAfter, type Timers } from '../engine/index.js';
import { downstreamHeaders, upstreamHeaders } from './forwarding-headers.js';
import { readBudgetHeaders, type BudgetClock, type TokenBudget } from './rate-budget.js';
import type { GatewayTokens } from './token-source.js';

export const REPLAY_LIMIT = 1024 * 1024;
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Longest total wait for 429s on one request before the 429 is passed on after all. */
export const MAX_429_WAIT_MS = 60_000;

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  consumer: string;
  profileId: string;
  /** e.g. http://127.0.0.1:4000/api-host or https://api.mypurecloud.com */
  apiBaseUrl: string;
  path: string;
  query: string;
}

export interface ExchangeOutcome {
  status: number;
  notes: string[];
}

export class GatewayRefusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'GatewayRefusal';
  }
}

export interface UpstreamDeps {
  tokens: GatewayTokens;
  budgetFor(profileId: string): TokenBudget;
  clock: BudgetClock;
  timers: Timers;
  onUpstream?: (consumer: string, status: 401 | 429) => void;
}

export class Upstream {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly deps: UpstreamDeps) {}

  async forward(exchange: Exchange, signal: AbortSignal): Promise<ExchangeOutcome> {
    const { req, res, consumer, profileId } = exchange;
    const base = new URL(exchange.apiBaseUrl);
    const pool = this.poolFor(base.origin);
    const target = `${base.pathname.replace(/\/$/, '')}${exchange.path}${exchange.query}`;
    const body = await readReplayableBody(req);
    const budget = this.deps.budgetFor(profileId);
    const notes: string[] = [];
    let token = await this.deps.tokens.current(profileId);
    let refreshed = false;
    let waited = 0;
    for (;;) {
      await budget.acquire(consumer, signal);
      let answer: Dispatcher.ResponseData;
      try {
        answer = await pool.request({
          path: target,
          method: req.method as Dispatcher.HttpMethod,
          headers: upstreamHeaders(req.headers, token),
          body: body.kind === 'held' ? body.data : body.kind === 'stream' ? req : null,
          signal,
        });
      } catch (error) {
        budget.released();
        if (signal.aborted) throw new GatewayRefusal(499, 'gateway.client.gone', 'the consumer closed the connection');
        throw new GatewayRefusal(502, 'gateway.upstream.unreachable', `the Genesys API host ${base.host} could not be reached (${error instanceof Error ? error.message : String(error)})`);
      }
      const header = (name: string): string | undefined => first(answer.headers[name]);
      budget.settled(readBudgetHeaders(header));
      const replayable = body.kind !== 'stream';
      if (answer.statusCode === 401 && replayable && !refreshed) {
        await answer.body.dump();
        this.deps.onUpstream?.(consumer, 401);
        refreshed = true;
        const renewed = await this.deps.tokens.rejected(profileId, token);
        if (renewed) {
          token = renewed;
          notes.push('refreshed');
          continue;
        }
        throw new GatewayRefusal(503, 'gateway.token.unusable', `the Genesys API rejected the token of profile "${profileId}" and TokenTray could not renew it; sign in again in TokenTray`);
      }
      if (answer.statusCode === 429 && replayable) {
        this.deps.onUpstream?.(consumer, 429);
        const waitMs = Math.max(250, parseRetryAfter(header('retry-after'), this.deps.clock.now()) ?? 1_000);
        if (waited + waitMs <= MAX_429_WAIT_MS) {
          await answer.body.dump();
          budget.exhaustedFor(waitMs);
          notes.push('waited-429');
          waited += waitMs;
          await sleep(this.deps.timers, waitMs, signal);
          continue;
        }
      }
      if (answer.statusCode >= 300 && answer.statusCode < 400 && answer.statusCode !== 304) {
        await answer.body.dump();
        throw new GatewayRefusal(502, 'gateway.upstream.redirect', `the Genesys API host answered a redirect (${answer.statusCode}), which the gateway never follows or passes on`);
      }
      res.writeHead(answer.statusCode, downstreamHeaders(answer.headers));
      await pipeline(answer.body, res);
      return { status: answer.statusCode, notes };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 128, headersTimeout: 60_000, bodyTimeout: 120_000, keepAliveTimeout: 10_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

type Body = { kind: 'none' } | { kind: 'held'; data: Buffer } | { kind: 'stream' };

/** Holds small bodies (so a retry can send them again); big ones are streamed once, bounded. */
async function readReplayableBody(req: IncomingMessage): Promise<Body> {
  const declared = req.headers['content-length'];
  const length = declared === undefined ? undefined : Number(declared);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (length !== undefined && length > MAX_BODY_BYTES) throw new GatewayRefusal(413, 'gateway.body.too_large', `the request body (${length} bytes) is larger than the gateway's ${MAX_BODY_BYTES} bytes`);
  if (!chunked && (length === undefined || length === 0)) return { kind: 'none' };
  if (length !== undefined && length > REPLAY_LIMIT) return { kind: 'stream' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > REPLAY_LIMIT) throw new GatewayRefusal(413, 'gateway.body.too_large', `a chunked request body may hold at most ${REPLAY_LIMIT} bytes through the gateway; send a Content-Length for bigger ones`);
    chunks.push(chunk);
  }
  return { kind: 'held', data: Buffer.concat(chunks) };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sleep(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const handle = timers.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(new GatewayRefusal(499, 'gateway.client.gone', 'the consumer closed the connection'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
