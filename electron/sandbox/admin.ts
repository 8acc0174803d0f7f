// /__sandbox/*: the admin routes tests and demos use over HTTP (switch faults, read counters, rotate
// the signing key). Every call must carry the admin token of this sandbox run.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxFault } from './faults.js';
import { HttpError, readBody, safeEqual, send } from './http.js';
import type { SandboxState } from './state.js';

export async function admin(state: SandboxState, adminToken: string, req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
  const presented = String(req.headers['x-sandbox-admin'] ?? '');
  if (!safeEqual(presented, adminToken)) throw new HttpError(403, { message: 'Missing or wrong x-sandbox-admin header.' });
  const { faults } = state.settings;
  if (path === '/__sandbox/faults' && method === 'POST') {
    const body = JSON.parse(await readBody(req)) as SandboxFault;
    faults.set(body);
    return send(res, 200, { fault: faults.current() ?? null });
  }
  if (path === '/__sandbox/faults' && method === 'DELETE') {
    faults.clear();
    return send(res, 200, { fault: null });
  }
  if (path === '/__sandbox/stats' && method === 'GET') return send(res, 200, state.counters);
  if (path === '/__sandbox/rotate-key' && method === 'POST') return send(res, 200, { kid: await state.newKey() });
  if (path === '/__sandbox/rate-limit' && method === 'POST') {
    const body = JSON.parse(await readBody(req)) as { perMinute?: unknown };
    const perMinute = body.perMinute;
    if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1) throw new HttpError(400, { message: 'Send {"perMinute": N} with a whole number N of at least 1.' });
    state.settings.apiRateLimitPerMinute = perMinute;
    state.rateWindows.clear();
    return send(res, 200, { perMinute });
  }
  if (path === '/__sandbox/api-stats' && method === 'GET') return send(res, 200, { ...state.apiCounters, perMinute: state.settings.apiRateLimitPerMinute });
  throw new HttpError(404, { message: 'Unknown admin route.' });
}
