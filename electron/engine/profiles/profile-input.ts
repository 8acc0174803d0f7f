// Turns what a user typed (settings form, environment, IPC) into a normalised ProfileConfig plus
// its secrets, or a list of every problem at once: each naming the profile, the field, the bad
// value (secrets masked) and the valid choices.

import * as v from 'valibot';
import { GRANT_KINDS, type FieldProblem, type GrantKind, type ProfileConfig, type ProviderConfig } from '../../../shared/domain.js';
import type { ProfileSecrets } from '../contracts.js';
import { maskToken } from '../logging/redact.js';
import { checkServiceUrl, isLoopbackHost, loopbackBindAddress } from '../net/urls.js';
import { GENESYS_REGIONS, parseRegion } from '../regions/regions.js';
import { describeDestinationChange, secretDestinationChanged } from './secret-destination.js';

export type { FieldProblem };

// Bounds on every field, so a 20,000-character paste is refused with a message instead of
// stretching every view; the dashboard uses the same numbers for maxlength.
export const PROFILE_FIELD_LIMITS = { name: 64, clientId: 256, url: 2048, secret: 8192, scope: 128, scopes: 100 } as const;

export const ProfileInputSchema = v.object({
  /** Ignored: ids are derived from the name, never taken from the caller. */
  id: v.optional(v.string()),
  name: v.optional(v.string()),
  provider: v.optional(v.string()),
  region: v.optional(v.string()),
  loginBaseUrl: v.optional(v.string()),
  apiBaseUrl: v.optional(v.string()),
  issuer: v.optional(v.string()),
  audience: v.optional(v.string()),
  grant: v.optional(v.string()),
  clientId: v.optional(v.string()),
  clientSecret: v.optional(v.string()),
  refreshToken: v.optional(v.string()),
  requiredScopes: v.optional(v.union([v.array(v.string()), v.string()])),
  redirectUri: v.optional(v.string()),
});

export type ProfileInput = v.InferInput<typeof ProfileInputSchema>;

export type ProfileParse =
  | { ok: true; profile: ProfileConfig; secrets: ProfileSecrets }
  | { ok: false; problems: FieldProblem[] };

const SCOPE_PATTERN = /^[A-Za-z0-9:_\-./]+$/;
const SECRET_FIELDS = new Set(['clientSecret', 'refreshToken']);

export interface ParseContext {
  /** The other profiles: their ids are taken and their names may not be reused. */
  others?: ProfileConfig[];
  /** Set when editing: the profile as it is, and whether the vault holds its client secret. */
  editing?: { current: ProfileConfig; hasStoredSecret: boolean };
}

/** Values are echoed in messages only this long, so a huge paste is never repeated back. */
const ECHO_LIMIT = 60;

export function parseProfileInput(input: unknown, context: ParseContext = {}): ProfileParse {
  const others = context.others ?? [];
  const shape = v.safeParse(ProfileInputSchema, input);
  if (!shape.success) {
    const issue = shape.issues[0];
    const field = issue.path?.map((p) => String(p.key)).join('.') ?? '(profile)';
    return { ok: false, problems: [{ profile: '(unnamed)', field, value: '', message: `This field has the wrong type: ${issue.message}.` }] };
  }
  const raw = shape.output;
  const name = (raw.name ?? '').trim();
  const problems: FieldProblem[] = [];
  const label = echo(name) || '(unnamed)';
  const fail = (field: string, value: string | undefined, message: string, validChoices?: string[]) => {
    const shown = value === undefined ? '' : SECRET_FIELDS.has(field) ? maskToken(value) : echo(value);
    // The message is a sentence for the field it sits beside; callers add the profile or variable.
    const sentence = value && value.length > ECHO_LIMIT ? message.split(value).join(echo(value)) : message;
    problems.push({ profile: label, field, value: shown, message: sentence.charAt(0).toUpperCase() + sentence.slice(1), ...(validChoices ? { validChoices } : {}) });
  };
  const tooLong = (field: string, value: string | undefined, limit: number) => {
    if (value === undefined || value.length <= limit) return false;
    fail(field, SECRET_FIELDS.has(field) ? undefined : value, `this is ${value.length.toLocaleString('en')} characters long; the limit is ${limit.toLocaleString('en')}.`);
    return true;
  };

  if (!name) fail('name', raw.name, 'a name is required, e.g. "Production org".');
  else if (name.length > PROFILE_FIELD_LIMITS.name) fail('name', name, `the name is ${name.length.toLocaleString('en')} characters long; use at most ${PROFILE_FIELD_LIMITS.name}.`);
  else if (others.some((p) => p.name.trim().toLowerCase() === name.toLowerCase())) {
    fail('name', name, `another profile is already named "${name}"; choose a name that tells them apart, e.g. with the org or environment.`);
  }
  const oversized = [
    tooLong('clientId', raw.clientId, PROFILE_FIELD_LIMITS.clientId),
    tooLong('clientSecret', raw.clientSecret, PROFILE_FIELD_LIMITS.secret),
    tooLong('refreshToken', raw.refreshToken, PROFILE_FIELD_LIMITS.secret),
    ...(['region', 'loginBaseUrl', 'apiBaseUrl', 'issuer', 'audience', 'redirectUri'] as const).map((f) => tooLong(f, raw[f], PROFILE_FIELD_LIMITS.url)),
  ].some(Boolean);
  if (oversized) return { ok: false, problems };

  const grant = raw.grant as GrantKind | undefined;
  if (!grant || !GRANT_KINDS.includes(grant)) fail('grant', raw.grant, `"${raw.grant ?? ''}" is not a supported grant.`, [...GRANT_KINDS]);

  const provider = parseProvider(raw, fail);

  const clientId = (raw.clientId ?? '').trim();
  if (!clientId) fail('clientId', raw.clientId, 'the OAuth client id is required (copy it from the OAuth client in the Genesys admin UI or your identity provider).');
  else if (/\s/.test(clientId)) fail('clientId', clientId, 'a client id never contains spaces; check for a copy-and-paste error.');

  const clientSecret = raw.clientSecret?.trim() || undefined;
  if (grant === 'pkce' && clientSecret) {
    fail('clientSecret', clientSecret, 'PKCE profiles use a public client, which has no secret; remove it or choose the authorization_code grant.');
  }
  const requiredScopes = normaliseScopes(raw.requiredScopes);
  if (requiredScopes.length > PROFILE_FIELD_LIMITS.scopes) fail('requiredScopes', undefined, `${requiredScopes.length} scopes are listed; the limit is ${PROFILE_FIELD_LIMITS.scopes}.`);
  const isGenesys = (raw.provider ?? (raw.issuer ? 'oidc' : 'genesys')) === 'genesys';
  for (const scope of requiredScopes) {
    if (scope.length > PROFILE_FIELD_LIMITS.scope || !SCOPE_PATTERN.test(scope)) fail('requiredScopes', scope, `scope names use letters, digits and : _ - . / only, at most ${PROFILE_FIELD_LIMITS.scope} characters.`);
    else if (isGenesys && scope.split(':').length >= 3) {
      fail('requiredScopes', scope, 'three-part names such as routing:queue:view are Genesys permissions (granted by roles), not OAuth scopes; use a scope such as routing or routing:readonly.');
    }
  }

  const redirectUri = raw.redirectUri?.trim() || undefined;
  if (redirectUri) checkRedirectUri(redirectUri, fail);

  const editing = context.editing;
  const id = editing?.current.id ?? uniqueSlug(name, others.map((p) => p.id));
  const draft: ProfileConfig | undefined = provider && grant ? { id, name, provider, grant, clientId, requiredScopes } : undefined;
  // Add and Edit apply the same rule: a grant that needs a secret gets one, either typed now or
  // already stored for this very token endpoint. After a move, the stored one does not count.
  const moved = editing !== undefined && draft !== undefined && secretDestinationChanged(editing.current, draft);
  if ((grant === 'authorization_code' || grant === 'client_credentials') && !clientSecret) {
    if (moved) {
      fail('clientSecret', undefined, `the ${describeDestinationChange(editing.current, draft)} changed, so the stored secret and tokens are not sent to the new address: enter the client secret again.`);
    } else if (!editing?.hasStoredSecret) {
      fail('clientSecret', raw.clientSecret, `the ${grant} grant needs the client secret (it is stored only in the encrypted vault).`);
    }
  }

  if (problems.length > 0 || !provider || !grant) return { ok: false, problems };
  const profile: ProfileConfig = {
    id,
    name,
    provider,
    grant,
    clientId,
    requiredScopes,
    ...(redirectUri ? { redirectUri } : {}),
  };
  const secrets: ProfileSecrets = {};
  if (clientSecret) secrets.clientSecret = clientSecret;
  if (raw.refreshToken?.trim()) secrets.refreshToken = raw.refreshToken.trim();
  return { ok: true, profile, secrets };
}

type Fail = (field: string, value: string | undefined, message: string, validChoices?: string[]) => void;

function parseProvider(raw: v.InferOutput<typeof ProfileInputSchema>, fail: Fail): ProviderConfig | undefined {
  const kind = raw.provider ?? (raw.issuer ? 'oidc' : 'genesys');
  if (kind === 'genesys') {
    const region = parseRegion(raw.region ?? '');
    if (!region.ok) {
      fail('region', raw.region, region.message, GENESYS_REGIONS.map((r) => r.key));
      return undefined;
    }
    const provider: ProviderConfig = { kind: 'genesys', domain: region.region.domain };
    for (const field of ['loginBaseUrl', 'apiBaseUrl'] as const) {
      const value = raw[field]?.trim();
      if (!value) continue;
      const check = checkServiceUrl(value, field === 'loginBaseUrl' ? 'login base URL' : 'API base URL');
      if (!check.ok) fail(field, value, check.message);
      else provider[field] = check.url.href.replace(/\/+$/, '');
    }
    return provider;
  }
  if (kind === 'oidc') {
    const issuer = raw.issuer?.trim() ?? '';
    const check = checkServiceUrl(issuer, 'issuer URL');
    if (!check.ok) {
      fail('issuer', raw.issuer, issuer ? check.message : 'an OpenID Connect profile needs the issuer URL (its discovery document lives at <issuer>/.well-known/openid-configuration).');
      return undefined;
    }
    return { kind: 'oidc', issuer: issuer.replace(/\/+$/, ''), ...(raw.audience?.trim() ? { audience: raw.audience.trim() } : {}) };
  }
  fail('provider', kind, `"${kind}" is not a provider TokenTray knows.`, ['genesys', 'oidc']);
  return undefined;
}

function checkRedirectUri(value: string, fail: Fail): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('redirectUri', value, 'not a valid URL; use e.g. http://127.0.0.1:8765/oauth/callback.');
    return;
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname) || !url.port) {
    fail('redirectUri', value, 'the redirect URI must be a loopback address with an explicit port (RFC 8252), e.g. http://127.0.0.1:8765/oauth/callback, and must equal one registered on the OAuth client.');
  } else if (!loopbackBindAddress(url.hostname)) {
    fail('redirectUri', value, `use the IP literal instead of "${url.hostname}" (http://127.0.0.1:${url.port}${url.pathname} or http://[::1]:${url.port}${url.pathname}): "localhost" may resolve to another interface (RFC 8252 §8.3). Register that URI on the OAuth client too.`);
  }
}

function normaliseScopes(input: string[] | string | undefined): string[] {
  const list = typeof input === 'string' ? input.split(/[\s,]+/) : (input ?? []);
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))].sort();
}

function echo(value: string): string {
  return value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT - 1)}…` : value;
}

/**
 * A profile id from its name: lowercase letters, digits and dashes, at most 40 characters plus a
 * counter, unique among `existing`. Never starts with '@', the prefix of internal vault keys.
 */
export function uniqueSlug(name: string, existing: string[]): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'profile';
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
