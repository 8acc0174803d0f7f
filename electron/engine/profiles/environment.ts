// First-start configuration from GENESYS_* variables (the workflow of people who already hold a
// client and a refresh token). Problems name the variable so the user knows what to fix.

import type { ProfileConfig } from '../../../shared/domain.js';
import type { ProfileSecrets } from '../contracts.js';
import { checkServiceUrl } from '../net/urls.js';
import { parseProfileInput, type FieldProblem } from './profile-input.js';

export type EnvironmentProfile =
  | { kind: 'none' }
  | { kind: 'profile'; profile: ProfileConfig; secrets: ProfileSecrets; webhookUrl?: string }
  | { kind: 'invalid'; problems: FieldProblem[] };

const FIELD_TO_VARIABLE: Record<string, string> = {
  region: 'GENESYS_ENV',
  clientId: 'GENESYS_CLIENT_ID',
  clientSecret: 'GENESYS_CLIENT_SECRET',
  refreshToken: 'GENESYS_REFRESH_TOKEN',
};

export function profileFromEnvironment(env: Record<string, string | undefined>): EnvironmentProfile {
  const region = env.GENESYS_ENV?.trim();
  const clientId = env.GENESYS_CLIENT_ID?.trim();
  const clientSecret = env.GENESYS_CLIENT_SECRET?.trim();
  const refreshToken = env.GENESYS_REFRESH_TOKEN?.trim();
  const webhookUrl = env.IDM_WEBHOOK_URL?.trim();
  if (!region && !clientId && !clientSecret && !refreshToken) return { kind: 'none' };

  const name = `Genesys (${region || 'no region'}) from environment`;
  const parsed = parseProfileInput({
    name,
    provider: 'genesys',
    region: region ?? '',
    grant: refreshToken ? 'authorization_code' : 'client_credentials',
    clientId: clientId ?? '',
    clientSecret,
    refreshToken,
  });
  const problems: FieldProblem[] = parsed.ok ? [] : parsed.problems.map((p) => {
    const variable = FIELD_TO_VARIABLE[p.field] ?? p.field;
    return { ...p, field: variable, message: `${variable}: ${p.message}` };
  });
  if (webhookUrl) {
    const check = checkServiceUrl(webhookUrl, 'webhook URL');
    if (!check.ok) problems.push({ profile: name, field: 'IDM_WEBHOOK_URL', value: webhookUrl, message: `IDM_WEBHOOK_URL: ${check.message}` });
  }
  if (problems.length > 0 || !parsed.ok) return { kind: 'invalid', problems };
  // The region part of the name is shown normalised, whatever form the user typed.
  const profile = { ...parsed.profile, id: 'genesys-env', name: `Genesys (${parsed.profile.provider.kind === 'genesys' ? parsed.profile.provider.domain : ''}) from environment` };
  return { kind: 'profile', profile, secrets: parsed.secrets, ...(webhookUrl ? { webhookUrl } : {}) };
}
