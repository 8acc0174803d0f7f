// What may leave the app for the system browser. One gate for every opener (sign-in pages the
// engine builds, links the dashboard asks to open, Electron and Node mode alike): only https, or
// http on a loopback address, never with credentials in the URL, never javascript:, file: or a
// custom scheme that would start another program. Links the dashboard asks for must further be on
// a Genesys login host or a configured gateway or issuer; nothing ever opens inside the app.

import type { ProfileConfig } from '../../shared/domain.js';
import { isLoopbackHost, GENESYS_REGIONS } from '../engine/index.js';

/** The URL when a browser may be pointed at it at all, else undefined. */
export function openableUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  return undefined;
}

/** Links from the dashboard (window.open, target=_blank): openable AND on a known host. */
export function externalUrlAllowlist(profiles: () => ProfileConfig[]): (url: string) => boolean {
  return (raw) => {
    const url = openableUrl(raw);
    if (!url) return false;
    if (url.protocol === 'https:' && GENESYS_REGIONS.some((r) => url.hostname === `login.${r.domain}`)) return true;
    return profiles().some((p) => {
      const bases = p.provider.kind === 'oidc' ? [p.provider.issuer] : [p.provider.loginBaseUrl].filter((b): b is string => Boolean(b));
      return bases.some((base) => openableUrl(base)?.origin === url.origin);
    });
  };
}

/**
 * Wraps a platform opener (Electron's shell.openExternal, the `open` package in Node mode) so
 * that nothing unopenable reaches it. Sign-in pages come from the engine, whose endpoints were
 * already checked (configured URLs, https-only discovery); this is the last gate all the same.
 */
export function guardedOpener(open: (url: string) => Promise<unknown>): (url: string) => Promise<void> {
  return async (raw) => {
    if (!openableUrl(raw)) {
      throw new Error(`TokenTray will not open "${raw.slice(0, 80)}" in the browser: only https addresses (or http on this computer) are opened.`);
    }
    await open(raw);
  };
}
