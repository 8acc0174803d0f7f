// An in-process Genesys stand-in for model-based engine tests: a token endpoint that rotates
// refresh tokens and a tokens/me that knows which access tokens are live, answering through the
// engine's injected `fetch` on a virtual clock (a slow answer waits on that clock). Every token
// carries the "generation" of the grant it descends from, so a test can tell a token of an ended
// session from a current one. It also records what the engine must never do: two token requests
// of one client in flight at once.

import { randomBytes } from 'node:crypto';
import { sleepOn, type EngineClock } from '../../electron/engine/contracts.js';

export type ModelFault = '429' | '503' | 'invalid_grant' | 'slow';

interface Grant {
  clientId: string;
  generation: number;
}

export class ModelGenesys {
  readonly refreshTokens = new Map<string, Grant>();
  readonly accessTokens = new Map<string, Grant & { expiresAt: number; revoked: boolean }>();
  readonly violations: string[] = [];
  private readonly inFlight = new Map<string, number>();
  private readonly faults: ModelFault[] = [];
  tokenRequests = 0;
  /** What tokens/me says the tokens may do (a test changes it to provoke scope drift). */
  authorizedScope = ['users:readonly'];
  /** Most requests of any kind open at once. */
  peakOpen = 0;
  private open = 0;
  /** Called while the engine reads a token answer's body, after it stamped the receipt (to stall the loop there). */
  whileTokenBodyRead?: () => void;

  constructor(private readonly clock: EngineClock, public ttlSec = 30) {}

  mintRefreshToken(clientId: string, generation: number): string {
    const token = `rt_${randomBytes(9).toString('base64url')}`;
    this.refreshTokens.set(token, { clientId, generation });
    return token;
  }

  /** The next token answers fail this way, in order. */
  fault(...faults: ModelFault[]): void {
    this.faults.push(...faults);
  }

  requestsInFlight(clientId: string): number {
    return this.inFlight.get(clientId) ?? 0;
  }

  generationOf(accessToken: string): number | undefined {
    return this.accessTokens.get(accessToken)?.generation;
  }

  isActive(accessToken: string): boolean {
    const known = this.accessTokens.get(accessToken);
    return Boolean(known && !known.revoked && known.expiresAt > this.clock.now());
  }

  readonly fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const { pathname } = new URL(url);
    this.open += 1;
    this.peakOpen = Math.max(this.peakOpen, this.open);
    try {
      // One turn of the event loop on the "network", so requests overlap as real ones do.
      await new Promise((resolve) => setImmediate(resolve));
      if (pathname === '/oauth/token') {
        const answer = await this.token(init);
        const hook = this.whileTokenBodyRead;
        if (!hook) return answer;
        const bytes = new Uint8Array(await answer.arrayBuffer());
        const body = new ReadableStream<Uint8Array>({ pull(controller) { hook(); controller.enqueue(bytes); controller.close(); } }, { highWaterMark: 0 });
        return new Response(body, { status: answer.status, headers: answer.headers });
      }
      if (pathname === '/api/v2/tokens/me') return this.tokensMe(init);
      return new Response('not found', { status: 404 });
    } finally {
      this.open -= 1;
    }
  };

  private async token(init: RequestInit): Promise<Response> {
    const clientId = Buffer.from(String(new Headers(init.headers).get('authorization')).replace(/^Basic /, ''), 'base64').toString().split(':')[0] ?? '';
    const count = this.requestsInFlight(clientId) + 1;
    if (count > 1) this.violations.push(`${count} token requests of ${clientId} in flight at once`);
    this.inFlight.set(clientId, count);
    this.tokenRequests += 1;
    try {
      const fault = this.faults.shift();
      if (fault === 'slow') await sleepOn(this.clock, 8_000, init.signal ?? undefined);
      if (fault === '429') return json({ error: 'rate_limited' }, 429, { 'retry-after': '2' });
      if (fault === '503') return json({ error: 'unavailable' }, 503);
      const body = new URLSearchParams(String(init.body));
      const presented = body.get('refresh_token') ?? '';
      const grant = this.refreshTokens.get(presented);
      if (fault === 'invalid_grant' || !grant || grant.clientId !== clientId) return json({ error: 'invalid_grant' }, 400);
      // Rotation: the presented refresh token dies the moment the server answers.
      this.refreshTokens.delete(presented);
      const refreshToken = this.mintRefreshToken(clientId, grant.generation);
      const accessToken = `at_${randomBytes(12).toString('base64url')}`;
      this.accessTokens.set(accessToken, { ...grant, expiresAt: this.clock.now() + this.ttlSec * 1000, revoked: false });
      return json({ access_token: accessToken, refresh_token: refreshToken, token_type: 'bearer', expires_in: this.ttlSec, scope: this.authorizedScope.join(' ') });
    } finally {
      this.inFlight.set(clientId, this.requestsInFlight(clientId) - 1);
    }
  }

  private tokensMe(init: RequestInit): Response {
    const token = String(new Headers(init.headers).get('authorization')).replace(/^Bearer /, '');
    const known = this.accessTokens.get(token);
    if (!known || !this.isActive(token)) return new Response(null, { status: 401 });
    if (init.method === 'DELETE') {
      known.revoked = true;
      return new Response(null, { status: 204 });
    }
    return json({ organization: { id: 'org-1', name: 'Model org' }, authorizedScope: this.authorizedScope });
  }
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
