// Which links may leave the app for the system browser: the Genesys login hosts of every region
// (sign-in, logout), the configured gateways and OpenID issuers, and the project's docs. Nothing
// else opens, and nothing ever opens inside the app.

import type { ProfileConfig } from '../../shared/domain.js';
import { GENESYS_REGIONS } from '../engine/regions/regions.js';

export function externalUrlAllowlist(profiles: () => ProfileConfig[]): (url: string) => boolean {
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'))) return false;
    if (url.protocol === 'https:' && GENESYS_REGIONS.some((r) => url.hostname === `login.${r.domain}`)) return true;
    return profiles().some((p) => {
      const bases = p.provider.kind === 'oidc' ? [p.provider.issuer] : [p.provider.loginBaseUrl].filter((b): b is string => Boolean(b));
      return bases.some((base) => {
        try {
          return new URL(base).origin === url.origin;
        } catch {
          return false;
        }
      });
    });
  };
}
