// Every HTTP request the engine makes goes through here: a deadline, timeouts and network failures
// reported as distinct readable errors, and redirects refused. A redirect is never followed because
// fetch re-sends a 307/308 body (refresh token, client secret) to the new origin, and a followed
// 302 would let another host's answer stand in for the one the user chose (RFC 9700 §4.11).

import { describeNetworkError } from './network-errors.js';

/** The network, injected: Electron's net.fetch in the desktop app, undici in Node mode, fakes in tests. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export const globalFetch: FetchFunction = (url, init) => fetch(url, init);

export class NetworkError extends Error {
  constructor(readonly reason: 'timeout' | 'network', message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** A 3xx answer. Not transient: the URL the user configured is wrong (or someone is in the way). */
export class RedirectRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly location: string | undefined,
    readonly url: string,
  ) {
    super(
      `${safeHost(url)} answered ${status} redirecting to ${location ? describeLocation(location, url) : 'an unnamed location'}. ` +
        'TokenTray never follows redirects with credentials; check that the URL is the service itself ' +
        '(the region, base URL or issuer in the profile, or the webhook URL) and not an address that forwards elsewhere.',
    );
    this.name = 'RedirectRefusedError';
  }
}

export interface FetchOptions {
  timeoutMs: number;
  fetch?: FetchFunction;
  /** Ends the request early (a session that ended): reported as a network error, never retried by anyone waiting. */
  signal?: AbortSignal;
}

export async function fetchWithTimeout(url: string, init: RequestInit, options: FetchOptions): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  // The caller's signal is followed by hand until the answer's headers arrive: AbortSignal.any
  // costs about 20 µs and a weak reference per request, on every refresh and check.
  const follow = () => controller.abort();
  options.signal?.addEventListener('abort', follow, { once: true });
  if (options.signal?.aborted) controller.abort();
  const host = safeHost(url);
  let response: Response;
  try {
    response = await (options.fetch ?? globalFetch)(url, { ...init, redirect: 'manual', signal: controller.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new NetworkError('network', `The request to ${host} was cancelled.`);
    if (controller.signal.aborted) throw new NetworkError('timeout', `${host} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`);
    throw new NetworkError('network', `Could not reach ${host}: ${describeNetworkError(error)}.`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', follow);
  }
  // Undici reports a manual redirect as the 3xx itself; browsers' opaqueredirect has status 0.
  if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
    await response.body?.cancel().catch(() => {});
    throw new RedirectRefusedError(response.status, response.headers.get('location') ?? undefined, url);
  }
  return response;
}

/** Names where a redirect points without echoing a whole hostile header (bounded, no query). */
function describeLocation(location: string, base: string): string {
  try {
    const target = new URL(location, base);
    return `${target.origin}${target.pathname}`.slice(0, 200);
  } catch {
    return `"${location.slice(0, 80)}"`;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
