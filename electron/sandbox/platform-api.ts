// The few Genesys Platform API endpoints the gateway's consumers call in tests and demos, with
// Genesys's rate-limit behaviour: every answer carries inin-ratelimit-allowed/-count/-reset for
// the calling token's one-minute window, and past the limit the answer is 429 with Retry-After
// (whole seconds) and a Genesys error body. GET /api/v2/users/me, the paged GET /api/v2/users, and
// GET /api/v2/routing/queues, which answers 403 with a Genesys error body when the token lacks
// the routing scope.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, send } from './http.js';
import { DEMO_ORG, DEMO_USER, type AccessRecord, type SandboxState } from './state.js';

const WINDOW_MS = 60_000;
const DEMO_USER_COUNT = 120;
const MAX_PAGE_SIZE = 100;

type Handler = (state: SandboxState, record: AccessRecord, url: URL, res: ServerResponse, headers: Record<string, string>) => void;

const ROUTES: Record<string, Handler> = {
  'GET /api/v2/users/me': (_state, _record, _url, res, headers) => send(res, 200, { id: DEMO_USER.id, name: DEMO_USER.name, state: 'active', organization: DEMO_ORG, selfUri: `/api/v2/users/${DEMO_USER.id}` }, headers),
  'GET /api/v2/users': (_state, _record, url, res, headers) => send(res, 200, usersPage(url), headers),
  'GET /api/v2/routing/queues': (_state, record, _url, res, headers) => {
    if (!record.scopes.some((s) => s === 'routing' || s === 'routing:readonly')) {
      send(res, 403, { message: 'Missing the required scope routing or routing:readonly to call GET /api/v2/routing/queues.', code: 'missing.any.scopes', status: 403, contextId: 'sandbox-403', details: [], errors: [] }, headers);
      return;
    }
    send(res, 200, { entities: [], pageSize: 25, pageNumber: 1, total: 0, pageCount: 0 }, headers);
  },
};

/** True when the sandbox serves this Platform API path (after /api-host). */
export function isPlatformApiPath(path: string): boolean {
  return Object.keys(ROUTES).some((route) => route.slice(route.indexOf(' ') + 1) === path);
}

export function platformApi(state: SandboxState, req: IncomingMessage, res: ServerResponse, url: URL, path: string, method: string): void {
  state.apiCounters.requests += 1; // every request that reached the API host, rejected ones included
  const [token, record] = state.bearer(req);
  const headers = spendBudget(state, token);
  const handler = ROUTES[`${method} ${path}`];
  if (!handler) throw new HttpError(405, { message: `The sandbox answers only GET on ${path}.`, code: 'method.not.allowed', status: 405 }, headers);
  handler(state, record, url, res, headers);
}

/** Counts one request against the token's window: the rate-limit headers, or a 429 past the limit. */
function spendBudget(state: SandboxState, token: string): Record<string, string> {
  const now = state.settings.clock.now();
  const limit = state.settings.apiRateLimitPerMinute;
  let window = state.rateWindows.get(token);
  if (!window || now - window.startedAt >= WINDOW_MS) {
    window = { startedAt: now, count: 0 };
    state.rateWindows.set(token, window);
  }
  const resetSec = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
  if (window.count >= limit) {
    state.apiCounters.rateLimited += 1;
    const headers = { 'inin-ratelimit-allowed': String(limit), 'inin-ratelimit-count': String(window.count), 'inin-ratelimit-reset': String(resetSec), 'retry-after': String(resetSec) };
    throw new HttpError(429, { message: `Rate limit exceeded the maximum. [${limit}] requests for [60] seconds`, code: 'too.many.requests', status: 429 }, headers);
  }
  window.count += 1;
  state.apiCounters.maxInOneWindow = Math.max(state.apiCounters.maxInOneWindow, window.count);
  return { 'inin-ratelimit-allowed': String(limit), 'inin-ratelimit-count': String(window.count), 'inin-ratelimit-reset': String(resetSec) };
}

function usersPage(url: URL): Record<string, unknown> {
  const pageSize = clampInt(url.searchParams.get('pageSize'), 25, 1, MAX_PAGE_SIZE);
  const pageNumber = clampInt(url.searchParams.get('pageNumber'), 1, 1, 10_000);
  const pageCount = Math.ceil(DEMO_USER_COUNT / pageSize);
  const from = (pageNumber - 1) * pageSize;
  const entities = Array.from({ length: Math.max(0, Math.min(pageSize, DEMO_USER_COUNT - from)) }, (_, i) => demoUser(from + i));
  const uri = (n: number) => `/api/v2/users?pageSize=${pageSize}&pageNumber=${n}`;
  return {
    entities,
    pageSize,
    pageNumber,
    total: DEMO_USER_COUNT,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(pageCount),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
  };
}

function demoUser(index: number): Record<string, unknown> {
  const n = String(index + 1).padStart(4, '0');
  return { id: `00000000-0000-4000-8000-00000000${n}`, name: `Demo User ${n}`, email: `demo.user.${n}@sandbox.invalid`, state: 'active' };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
