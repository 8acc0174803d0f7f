// `tokentray token`: the access token on stdout, as the token alone, an Authorization header, JSON,
// or the headers JSON object that credential helpers (MCP clients' headersHelper) read.

import { Option, type Command } from 'commander';
import type { AgentTokenAnswer } from '../../shared/agent-protocol.js';
import { getToken } from '../get-token.js';
import { minValidOption, profileOrDefault, timeoutOption, waitOption } from '../options.js';
import { safeJson } from '../terminal-text.js';

const FORMATS = ['token', 'header', 'json', 'headers-json'] as const;
type Format = (typeof FORMATS)[number];

interface TokenOptions { header?: boolean; json?: boolean; format?: Format; minValid: number; wait?: number | true; timeout?: number }

export function registerToken(program: Command): void {
  program.command('token').argument('[profile]', 'profile id or name (default: TOKENTRAY_PROFILE, else the default profile)')
    .description('print an access token')
    .addOption(new Option('--format <format>', 'token (default), header ("Authorization: Bearer …"), json (token, expiry, scopes, region), headers-json ({"Authorization":"Bearer …"})').choices(FORMATS))
    .option('--header', 'same as --format header')
    .option('--json', 'same as --format json')
    .addOption(minValidOption(60)).addOption(waitOption()).addOption(timeoutOption())
    .action(async (profile: string | undefined, opts: TokenOptions) => {
      const answer = await getToken({ command: 'tokentray token', timeoutSec: opts.timeout }, { profile: profileOrDefault(profile), minValidSec: opts.minValid, wait: opts.wait });
      process.stdout.write(`${formatToken(answer, opts.format ?? (opts.json ? 'json' : opts.header ? 'header' : 'token'))}\n`);
    });
}

export function formatToken(answer: AgentTokenAnswer, format: Format): string {
  switch (format) {
    case 'token':
      return answer.accessToken;
    case 'header':
      return `Authorization: Bearer ${answer.accessToken}`;
    case 'headers-json':
      return safeJson({ Authorization: `Bearer ${answer.accessToken}` });
    case 'json': {
      const { accessToken, expiresAt, scopes, region, regionKey, apiBaseUrl, provider } = answer;
      return safeJson({
        profile: answer.profile, accessToken, tokenType: 'Bearer', expiresAt: new Date(expiresAt).toISOString(),
        expiresIn: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)), scopes, provider, region,
        ...(regionKey ? { regionKey } : {}), ...(apiBaseUrl ? { apiBaseUrl } : {}),
      });
    }
  }
}
