// Genesys Cloud regions and their two hosts (login.<domain> for OAuth, api.<domain> for the
// Platform API). Users type regions in many forms; everything is normalised to the domain, and
// matching is exact so lookalikes such as `api.usw2.pure.cloud.evil.com` never pass.

import { joinUrl } from '../net/urls.js';

export interface GenesysRegion {
  /** The SDKs' region key, e.g. `eu_west_1`. */
  key: string;
  domain: string;
  label: string;
}

export const GENESYS_REGIONS: readonly GenesysRegion[] = [
  { key: 'us_east_1', domain: 'mypurecloud.com', label: 'Americas (US East, Virginia)' },
  { key: 'us_east_2', domain: 'use2.us-gov-pure.cloud', label: 'Americas (US East 2, FedRAMP / US government)' },
  { key: 'us_west_2', domain: 'usw2.pure.cloud', label: 'Americas (US West, Oregon)' },
  { key: 'ca_central_1', domain: 'cac1.pure.cloud', label: 'Americas (Canada)' },
  { key: 'sa_east_1', domain: 'sae1.pure.cloud', label: 'Americas (São Paulo)' },
  { key: 'mx_central_1', domain: 'mxc1.pure.cloud', label: 'Americas (Mexico)' },
  { key: 'eu_west_1', domain: 'mypurecloud.ie', label: 'EMEA (Dublin)' },
  { key: 'eu_west_2', domain: 'euw2.pure.cloud', label: 'EMEA (London)' },
  { key: 'eu_central_1', domain: 'mypurecloud.de', label: 'EMEA (Frankfurt)' },
  { key: 'eu_central_2', domain: 'euc2.pure.cloud', label: 'EMEA (Zurich)' },
  { key: 'eusc_de_east_1', domain: 'edee1.eusc-pure.cloud', label: 'EMEA (EU Sovereign Cloud, Germany)' },
  { key: 'me_central_1', domain: 'mec1.pure.cloud', label: 'EMEA (UAE)' },
  { key: 'ap_south_1', domain: 'aps1.pure.cloud', label: 'Asia Pacific (Mumbai)' },
  { key: 'ap_northeast_1', domain: 'mypurecloud.jp', label: 'Asia Pacific (Tokyo)' },
  { key: 'ap_northeast_2', domain: 'apne2.pure.cloud', label: 'Asia Pacific (Seoul)' },
  { key: 'ap_northeast_3', domain: 'apne3.pure.cloud', label: 'Asia Pacific (Osaka)' },
  { key: 'ap_southeast_1', domain: 'apse1.pure.cloud', label: 'Asia Pacific (Singapore)' },
  { key: 'ap_southeast_2', domain: 'mypurecloud.com.au', label: 'Asia Pacific (Sydney)' },
];

export const DEFAULT_REGION_KEY = 'us_east_1';

const BY_KEY = new Map(GENESYS_REGIONS.map((r) => [r.key, r]));
const BY_DOMAIN = new Map(GENESYS_REGIONS.map((r) => [r.domain, r]));
/** Host prefixes people paste from browser bars and SDK settings. */
const HOST_PREFIXES = ['login.', 'api.', 'apps.'];

export type RegionParse = { ok: true; region: GenesysRegion } | { ok: false; message: string };

export function parseRegion(input: string): RegionParse {
  const raw = input.trim();
  if (!raw) return { ok: false, message: `No region given. ${validRegionsSentence()}` };
  const asKey = BY_KEY.get(raw.toLowerCase().replace(/-/g, '_'));
  if (asKey) return { ok: true, region: asKey };

  const host = hostOf(raw);
  if (host) {
    const direct = BY_DOMAIN.get(host);
    if (direct) return { ok: true, region: direct };
    for (const prefix of HOST_PREFIXES) {
      if (host.startsWith(prefix)) {
        const region = BY_DOMAIN.get(host.slice(prefix.length));
        if (region) return { ok: true, region };
      }
    }
  }
  return { ok: false, message: `"${raw}" is not a Genesys Cloud region. ${validRegionsSentence()}` };
}

export function validRegionsSentence(): string {
  return `Use a region key (${GENESYS_REGIONS.map((r) => r.key).join(', ')}) or its domain (for example mypurecloud.ie or api.mypurecloud.ie).`;
}

/** Lower-cased host of a typed value: accepts `https://api.x/`, `api.x/path` or a bare domain. */
function hostOf(raw: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.port || url.username || url.password) return undefined;
    return url.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

export interface GenesysEndpoints {
  loginBaseUrl: string;
  apiBaseUrl: string;
  tokenUrl: string;
  authorizeUrl: string;
  logoutUrl: string;
  tokensMeUrl: string;
}

/** The URLs a Genesys profile talks to; gateway overrides (which may carry a path) win. */
export function genesysEndpoints(provider: { domain: string; loginBaseUrl?: string; apiBaseUrl?: string }): GenesysEndpoints {
  const loginBaseUrl = (provider.loginBaseUrl ?? `https://login.${provider.domain}`).replace(/\/+$/, '');
  const apiBaseUrl = (provider.apiBaseUrl ?? `https://api.${provider.domain}`).replace(/\/+$/, '');
  return {
    loginBaseUrl,
    apiBaseUrl,
    tokenUrl: joinUrl(loginBaseUrl, '/oauth/token'),
    authorizeUrl: joinUrl(loginBaseUrl, '/oauth/authorize'),
    logoutUrl: joinUrl(loginBaseUrl, '/logout'),
    tokensMeUrl: joinUrl(apiBaseUrl, '/api/v2/tokens/me'),
  };
}
