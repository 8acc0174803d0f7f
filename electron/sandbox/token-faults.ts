// The switched-on fault for one token request, played out on the wire: a 429 with Retry-After in
// either form, a 5xx, a stall before the real answer, a truncated body, or a revoked grant.

import type { ServerResponse } from 'node:http';
import type { Clock } from '../engine/index.js';
import type { SandboxFaults } from './faults.js';
import { send } from './http.js';

/** True when the fault answered the request; false when the real answer should follow. */
export async function applyTokenFault(faults: SandboxFaults, clock: Clock, res: ServerResponse): Promise<boolean> {
  const fault = faults.take('token');
  if (!fault) return false;
  switch (fault.kind) {
    case 'rate_limit': {
      const value = fault.retryAfter.httpDate
        ? new Date(clock.now() + fault.retryAfter.seconds * 1000).toUTCString()
        : String(fault.retryAfter.seconds);
      send(res, 429, { message: 'Rate limit exceeded the maximum. [sandbox]', code: 'too.many.requests', status: 429 }, { 'retry-after': value });
      return true;
    }
    case 'server_error':
      send(res, fault.status ?? 503, { message: 'The sandbox is pretending to be down.', code: 'service.unavailable', status: fault.status ?? 503 });
      return true;
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return false;
    case 'malformed_json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token": "trunc');
      return true;
    case 'invalid_grant':
      send(res, 400, { error: 'invalid_grant', error_description: 'The refresh token has been revoked. [sandbox fault]' });
      return true;
    default:
      return false;
  }
}
