// fetch with a deadline, reporting timeouts and network failures as distinct, readable errors.

export class NetworkError extends Error {
  constructor(readonly reason: 'timeout' | 'network', message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

export async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const host = safeHost(url);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted) throw new NetworkError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    throw new NetworkError('network', `Could not reach ${host}: ${describeNetworkError(error)}.`);
  } finally {
    clearTimeout(timer);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running, and is the URL right?)';
    case 'ENOTFOUND':
      return 'the host name does not resolve (check the region or base URL)';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `the TLS certificate was not accepted (${code})`;
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
