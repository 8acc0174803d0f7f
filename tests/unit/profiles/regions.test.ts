import { describe, expect, it } from 'vitest';
import { GENESYS_REGIONS, genesysEndpoints, parseRegion } from '../../../electron/engine/regions/regions.js';

describe('parseRegion', () => {
  it('has all 18 Genesys Cloud regions', () => expect(GENESYS_REGIONS).toHaveLength(18));

  it.each(GENESYS_REGIONS.map((r) => [r.key, r.domain]))('accepts every form of %s', (key, domain) => {
    const forms = [key, key.replace(/_/g, '-'), key.toUpperCase(), domain, `login.${domain}`, `api.${domain}`, `https://api.${domain}/`, `apps.${domain}/directory/#/`, `  ${domain}  `];
    for (const form of forms) {
      const parsed = parseRegion(form);
      expect(parsed.ok && parsed.region.domain, form).toBe(domain);
    }
  });

  it.each(['mypurecloud.co.uk', 'usw2.mypurecloud.com', 'api.usw2.pure.cloud.evil.com', 'evilmypurecloud.com', 'us_east_9', '', 'https://api.mypurecloud.com:8443', 'ftp://mypurecloud.ie'])('rejects %j with the list of valid values', (input) => {
    const parsed = parseRegion(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('eu_west_1');
  });
});

describe('genesysEndpoints', () => {
  it('uses login.<domain> and api.<domain>', () => {
    expect(genesysEndpoints({ domain: 'mypurecloud.ie' })).toMatchObject({
      tokenUrl: 'https://login.mypurecloud.ie/oauth/token',
      authorizeUrl: 'https://login.mypurecloud.ie/oauth/authorize',
      tokensMeUrl: 'https://api.mypurecloud.ie/api/v2/tokens/me',
    });
  });
  it('honours gateway overrides with a path prefix', () => {
    const e = genesysEndpoints({ domain: 'mypurecloud.de', loginBaseUrl: 'https://gw.corp.example/genesys-login/', apiBaseUrl: 'https://gw.corp.example/genesys-api' });
    expect(e.tokenUrl).toBe('https://gw.corp.example/genesys-login/oauth/token');
    expect(e.tokensMeUrl).toBe('https://gw.corp.example/genesys-api/api/v2/tokens/me');
  });
});
