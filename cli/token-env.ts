// The environment a token is handed to a program in: the variables Genesys's `gc` CLI, the CX as
// Code Terraform provider and Genesys SDK-based tools read, plus TokenTray's own for any profile.
// And the same variables as export lines for each shell, quoted so no value can break out.

import type { AgentTokenAnswer } from '../shared/agent-protocol.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export function tokenEnvironment(answer: AgentTokenAnswer): Record<string, string> {
  const env: Record<string, string> = {
    TOKENTRAY_PROFILE: answer.profile,
    TOKENTRAY_ACCESS_TOKEN: answer.accessToken,
    /** Epoch seconds, easy to compare with `date +%s`. */
    TOKENTRAY_EXPIRES_AT: String(Math.floor(answer.expiresAt / 1000)),
  };
  if (answer.provider === 'genesys') {
    // gc and the Terraform provider read GENESYSCLOUD_ACCESS_TOKEN and GENESYSCLOUD_REGION
    // (region as `us-east-1`; gc also takes a domain, which is what a gateway-only region gets).
    env.GENESYSCLOUD_ACCESS_TOKEN = answer.accessToken;
    env.GENESYSCLOUD_REGION = answer.regionKey ?? answer.region;
    if (answer.apiBaseUrl) env.GENESYSCLOUD_API_REGION = answer.apiBaseUrl;
  }
  return env;
}

/** ' and the typographic single quotes PowerShell also accepts: ‘ ’ ‚ ‛. */
export const POWERSHELL_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

export function exportLines(env: Record<string, string>, shell: Shell): string {
  return Object.entries(env).map(([name, value]) => exportLine(name, value, shell)).join('\n');
}

function exportLine(name: string, value: string, shell: Shell): string {
  switch (shell) {
    case 'bash':
    case 'zsh':
      return `export ${name}='${value.replace(/'/g, `'\\''`)}'`;
    case 'fish':
      return `set -gx ${name} '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'powershell':
      // PowerShell ends a single-quoted string at any of five quote characters, not just ' (its
      // CodeGeneration.EscapeSingleQuotedStringContent doubles each); double quotes are literal there.
      return `$env:${name} = '${value.replace(POWERSHELL_SINGLE_QUOTES, '$&$&')}'`;
  }
}

/** The shell to print for when none is named: from $SHELL, PowerShell on Windows. */
export function defaultShell(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): Shell {
  const fromEnv = env.SHELL?.split('/').pop();
  if (fromEnv === 'zsh' || fromEnv === 'fish' || fromEnv === 'bash') return fromEnv;
  return platform === 'win32' ? 'powershell' : 'bash';
}
