// The profile form's model: its values, which fields the chosen provider and grant use (the form
// shows only those, and clears the others so nothing hidden can block saving), and the limits
// every field shows (maxlength plus a hint).

import type { ProfileConfig } from '../../../../shared/domain';

export const EMPTY = { name: '', provider: 'genesys', region: 'us_east_1', loginBaseUrl: '', apiBaseUrl: '', issuer: '', audience: '', grant: 'authorization_code', clientId: '', clientSecret: '', refreshToken: '', requiredScopes: '', redirectUri: '' };
export type FormValues = typeof EMPTY;
export type FieldName = keyof FormValues;

export const LIMITS: Record<FieldName, number> = {
  name: 64, provider: 20, region: 100, loginBaseUrl: 2000, apiBaseUrl: 2000, issuer: 2000, audience: 500, grant: 40,
  clientId: 256, clientSecret: 4000, refreshToken: 8000, requiredScopes: 2000, redirectUri: 2000,
};

export function valuesOf(profile: ProfileConfig): FormValues {
  const p = profile.provider;
  return {
    ...EMPTY,
    name: profile.name,
    provider: p.kind,
    region: p.kind === 'genesys' ? p.domain : EMPTY.region,
    loginBaseUrl: p.kind === 'genesys' ? p.loginBaseUrl ?? '' : '',
    apiBaseUrl: p.kind === 'genesys' ? p.apiBaseUrl ?? '' : '',
    issuer: p.kind === 'oidc' ? p.issuer : '',
    audience: p.kind === 'oidc' ? p.audience ?? '' : '',
    grant: profile.grant,
    clientId: profile.clientId,
    requiredScopes: profile.requiredScopes.join(' '),
    redirectUri: profile.redirectUri ?? '',
  };
}

/** The fields the chosen provider and grant use, in form order. */
export function visibleFields(values: FormValues, editing: boolean): FieldName[] {
  const genesys = values.provider === 'genesys';
  const fields: FieldName[] = ['name', 'provider'];
  fields.push(...(genesys ? (['region', 'loginBaseUrl', 'apiBaseUrl'] as const) : (['issuer', 'audience'] as const)));
  fields.push('grant', 'clientId');
  if (values.grant !== 'pkce') fields.push('clientSecret');
  if (values.grant === 'authorization_code' && !editing) fields.push('refreshToken');
  // Genesys client-credentials clients are governed by roles: there are no scopes to require.
  if (!(genesys && values.grant === 'client_credentials')) fields.push('requiredScopes');
  if (values.grant !== 'client_credentials') fields.push('redirectUri');
  return fields;
}

/** Applies a change and clears every field the new provider/grant no longer uses. */
export function change(values: FormValues, field: FieldName, value: string, editing: boolean): FormValues {
  const next = { ...values, [field]: value };
  const visible = new Set(visibleFields(next, editing));
  for (const key of Object.keys(EMPTY) as FieldName[]) {
    if (!visible.has(key) && key !== 'region') next[key] = EMPTY[key];
  }
  return next;
}

/** What is sent: the visible, non-empty fields only. */
export function inputOf(values: FormValues, editing: boolean): Record<string, string> {
  return Object.fromEntries(visibleFields(values, editing).filter((f) => values[f] !== '').map((f) => [f, values[f]]));
}
