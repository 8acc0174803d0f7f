// Network failures in words, for both networks the engine is given: Node/undici errors (a code on
// a nested cause) and Electron's net.fetch errors (net::ERR_… in the message), which cannot be
// produced here without Electron, so they are described from their documented strings.

import { describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../../electron/engine/http/network-errors.js';

const nodeError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`boom ${code}`), { code }) });

describe('describeNetworkError', () => {
  it('names an untrusted certificate and the settings that fix it, from undici or Electron', () => {
    for (const error of [nodeError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), nodeError('SELF_SIGNED_CERT_IN_CHAIN'), new Error('net::ERR_CERT_AUTHORITY_INVALID')]) {
      const text = describeNetworkError(error);
      expect(text).toMatch(/TLS certificate is not trusted/);
      expect(text).toMatch(/NODE_EXTRA_CA_CERTS/);
      expect(text).toMatch(/operating system's certificate store/);
    }
  });

  it('names a hostname mismatch and an expired certificate', () => {
    expect(describeNetworkError(nodeError('ERR_TLS_CERT_ALTNAME_INVALID'))).toMatch(/for a different host name/);
    expect(describeNetworkError(new Error('net::ERR_CERT_COMMON_NAME_INVALID'))).toMatch(/for a different host name/);
    expect(describeNetworkError(nodeError('CERT_HAS_EXPIRED'))).toMatch(/has expired/);
    expect(describeNetworkError(new Error('net::ERR_CERT_DATE_INVALID'))).toMatch(/has expired/);
  });

  it('names a proxy that refuses the tunnel, wants credentials, or cannot be reached', () => {
    expect(describeNetworkError(new TypeError('fetch failed', { cause: new Error('Proxy response (403) !== 200 when HTTP Tunneling') }))).toMatch(/proxy refused to open a tunnel to it \(HTTP 403 to CONNECT\)/);
    expect(describeNetworkError(new Error('net::ERR_TUNNEL_CONNECTION_FAILED'))).toMatch(/proxy refused to open a tunnel/);
    expect(describeNetworkError(new TypeError('fetch failed', { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') }))).toMatch(/asks for credentials \(HTTP 407\)/);
    expect(describeNetworkError(new Error('net::ERR_PROXY_CONNECTION_FAILED'))).toMatch(/proxy could not be reached/);
  });

  it('keeps the plain cases plain', () => {
    expect(describeNetworkError(nodeError('ECONNREFUSED'))).toMatch(/connection refused/);
    expect(describeNetworkError(nodeError('ENOTFOUND'))).toMatch(/does not resolve/);
    expect(describeNetworkError('weird')).toBe('weird');
  });
});
