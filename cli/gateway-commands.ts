// `tokentray gateway grant|list|revoke`, `tokentray mcp-config` and `tokentray exec --via-gateway`:
// consumers get a revocable key for TokenTray's local gateway instead of a token. Registered from
// tokentray.ts with one call; imports only the shared protocol and the thin agent client up front.

import { basename } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AgentMethod, AgentParams, AgentResponses, ClientInfo, GatewayGrantAnswer, GatewayListAnswer } from '../shared/agent-protocol.js';
import { AgentUnavailableError, callAgent } from '../electron/agent/agent-client.js';
import { agentSocketPath } from '../electron/agent/socket-path.js';
import { AgentCallError, ask, currentDataDir } from './ask.js';
import { runWithEnvironment as execWithEnvironment } from './run-program.js';

/** A temporary key (exec --via-gateway) lives at most this long, in case tokentray itself is killed. */
const TEMPORARY_KEY_SEC = 24 * 3600;

export const GATEWAY_EXAMPLES = `
Gateway (consumers hold a revocable key; TokenTray keeps the token):
  tokentray gateway grant prod --consumer terraform --expires 7d
  tokentray gateway grant prod --consumer reports --read-only --allow 'GET /api/v2/users/**'
  tokentray gateway list
  tokentray gateway revoke terraform
  tokentray exec --via-gateway prod -- terraform apply
  tokentray mcp-config prod --consumer claude`;

/** `30d`, `12h`, `90m`, `45s` → seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value.trim());
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
  const seconds = match ? Number(match[1]) * (units[match[2] ?? 's'] ?? 1) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 60 || seconds > 366 * 86_400) throw new InvalidArgumentError('give a duration from 1m to 366d, e.g. 30d, 12h or 90m.');
  return seconds;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The options `gateway grant` and `mcp-config` share. */
interface GrantOptions { consumer: string; readOnly?: boolean; allow?: string[]; expires?: number }

/** Those options as the agent's gatewayGrant takes them. */
function gatewayGrantRequest(profile: string, opts: GrantOptions) {
  return {
    profile,
    consumer: opts.consumer,
    ...(opts.allow ? { allow: opts.allow } : {}),
    ...(opts.readOnly ? { readOnly: true } : {}),
    ...(opts.expires ? { expiresSec: opts.expires } : {}),
  };
}

/**
 * The variables a program needs to call the Platform API through the gateway, as each Genesys tool
 * reads them: gc takes `GENESYSCLOUD_REGION=localhost:PORT` (its plain-HTTP local mode) and
 * `GENESYSCLOUD_ACCESS_TOKEN`; the Terraform provider takes a real region plus
 * `GENESYSCLOUD_GATEWAY_HOST/PORT/PROTOCOL` and `GENESYSCLOUD_ACCESS_TOKEN`. Their REGION values
 * differ, so gc gets its own when it is the program run.
 */
export function gatewayEnvironment(grant: Pick<GatewayGrantAnswer, 'url' | 'key' | 'profile' | 'regionKey'>, program?: string): Record<string, string> {
  const url = new URL(grant.url);
  const forGc = program !== undefined && ['gc', 'gc.exe'].includes(basename(program));
  return {
    TOKENTRAY_PROFILE: grant.profile,
    TOKENTRAY_GATEWAY_URL: grant.url,
    TOKENTRAY_GATEWAY_KEY: grant.key,
    GENESYSCLOUD_ACCESS_TOKEN: grant.key,
    GENESYSCLOUD_REGION: forGc ? `localhost:${url.port}` : grant.regionKey ?? 'us-east-1',
    GENESYSCLOUD_GATEWAY_HOST: url.hostname,
    GENESYSCLOUD_GATEWAY_PORT: url.port,
    GENESYSCLOUD_GATEWAY_PROTOCOL: url.protocol.replace(':', ''),
    GENESYSCLOUD_API_REGION: grant.url,
  };
}

/** Runs `program` with a key that exists only while it runs (revoked afterwards, whatever happened). */
export async function execViaGateway(profile: string, program: string, args: string[]): Promise<number> {
  const consumer = `exec-${basename(program).replace(/[^A-Za-z0-9._-]/g, '').slice(0, 32) || 'cmd'}-${process.pid}`;
  return holdAgent(`tokentray exec --via-gateway ${basename(program)}`, async (call) => {
    const grant = await call('gatewayGrant', { profile, consumer, temporary: true, expiresSec: TEMPORARY_KEY_SEC });
    try {
      return await execWithEnvironment(program, args, gatewayEnvironment(grant, program));
    } finally {
      await call('gatewayRevoke', { consumer }).catch((error: unknown) => {
        process.stderr.write(`tokentray: warning: the temporary gateway key "${consumer}" could not be revoked (${error instanceof Error ? error.message : String(error)}); run \`tokentray gateway revoke ${consumer}\`.\n`);
      });
    }
  });
}

type Call = <M extends AgentMethod>(method: M, params: AgentParams<M>) => Promise<AgentResponses[M]>;

/**
 * Several agent calls on one TokenTray: the running one, or (when none runs) the engine started
 * here for as long as `work` takes, so a gateway serves the command's whole life.
 */
async function holdAgent<T>(command: string, work: (call: Call) => Promise<T>): Promise<T> {
  const dataDir = currentDataDir();
  const socket = agentSocketPath(dataDir);
  if (!socket.ok) throw new AgentCallError('config', socket.message);
  const client: ClientInfo = { pid: process.pid, command, ...(process.ppid > 0 ? { parentPid: process.ppid } : {}) };
  const on = (path: string): Call => (method, params) => callAgent(path, method, params, client);
  try {
    return await work(on(socket.path));
  } catch (error) {
    if (!(error instanceof AgentUnavailableError) || process.env.TOKENTRAY_AGENT_SOCKET) throw error;
  }
  const { runWithFolder } = await import('../electron/agent/standalone.js');
  return runWithFolder({ dataDir, command, needsSecrets: true, work: (path) => work(on(path)) });
}

function printGrant(grant: GatewayGrantAnswer, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ url: grant.url, key: grant.key, consumer: grant.consumer, profile: grant.profile, expiresAt: new Date(grant.expiresAt).toISOString() })}\n`);
  } else {
    process.stdout.write(`Gateway URL: ${grant.url}\nKey for ${grant.consumer} (shown once; TokenTray keeps only its hash): ${grant.key}\nExpires: ${new Date(grant.expiresAt).toISOString()}\n`);
  }
  if (!grant.serving) process.stderr.write('tokentray: no TokenTray is running for this data folder: the key is stored, and the gateway serves it while TokenTray runs.\n');
}

export function consumerTable(list: GatewayListAnswer, now: number): string {
  if (list.consumers.length === 0) return 'No gateway keys. Grant one with: tokentray gateway grant PROFILE --consumer NAME';
  const rows = list.consumers.map((c) => [
    c.consumer,
    c.profile,
    c.readOnly ? 'read-only' : 'read-write',
    c.allow.length ? c.allow.join(', ') : 'all /api/v2',
    c.expired ? 'EXPIRED' : `${Math.max(0, Math.round((c.expiresAt - now) / 86_400_000))}d`,
    c.lastUsedAt ? new Date(c.lastUsedAt).toISOString() : 'never',
    `${c.requestsLastMinute}/min`,
    `401:${c.upstream401} 429:${c.upstream429}`,
  ]);
  const header = ['CONSUMER', 'PROFILE', 'ACCESS', 'ALLOW', 'EXPIRES', 'LAST USE', 'RATE', 'UPSTREAM'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const budgets = list.budgets.filter((b) => b.allowed !== undefined).map((b) => `${b.profile}: ${b.used} of ${b.allowed} this minute${b.resetsAt ? `, resets in ${Math.max(0, Math.round((b.resetsAt - now) / 1000))} s` : ''}`);
  return [`Gateway: ${list.url ?? '(not started yet)'}${list.serving ? '' : ' (not serving: no TokenTray running)'}`, line(header), ...rows.map(line), ...(budgets.length ? ['', ...budgets] : [])].join('\n');
}

/** The MCP client configuration: the server runs with the gateway's variables; no secret or token is in it, only a revocable key. */
export function mcpConfig(grant: GatewayGrantAnswer, serverName: string, command: string[]): string {
  const [program = 'npx', ...args] = command;
  return JSON.stringify({ mcpServers: { [serverName]: { type: 'stdio', command: program, args, env: { ...gatewayEnvironment(grant), GENESYSCLOUD_AUTH_MODE: 'access_token' } } } }, null, 2);
}

export function registerGatewayCommands(program: Command): void {
  const gateway = program.command('gateway').description('consumer keys for the local gateway: programs get a revocable key, never the token');

  gateway.command('grant').argument('<profile>', 'profile id or name (a Genesys Cloud profile)')
    .description('make a key for one consumer (printed once)')
    .requiredOption('--consumer <name>', 'who will use the key, e.g. terraform-prod (letters, digits, . _ -)')
    .option('--read-only', 'GET and HEAD only')
    .option('--allow <rule>', "allow only this, e.g. 'GET /api/v2/users/**' (repeatable)", collect)
    .addOption(new Option('--expires <duration>', 'lifetime: 30d, 12h, 90m').argParser(parseDuration))
    .option('--json', 'print {"url","key","consumer","profile","expiresAt"}')
    .action(async (profile: string, opts: GrantOptions & { json?: boolean }) => {
      const grant = await ask({ command: 'tokentray gateway grant' }, 'gatewayGrant', gatewayGrantRequest(profile, opts));
      printGrant(grant, Boolean(opts.json));
    });

  gateway.command('list').description('consumers, their limits, last use, rate and upstream 401/429s; the shared budget per profile')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await ask({ command: 'tokentray gateway list' }, 'gatewayList', {});
      process.stdout.write(`${opts.json ? JSON.stringify(list, null, 2) : consumerTable(list, Date.now())}\n`);
    });

  gateway.command('revoke').argument('<consumer>', 'the consumer name given at grant')
    .description('revoke a consumer key at once')
    .action(async (consumer: string) => {
      await ask({ command: 'tokentray gateway revoke' }, 'gatewayRevoke', { consumer });
      process.stdout.write(`Revoked the gateway key of ${consumer}.\n`);
    });

  program.command('mcp-config').argument('<profile>', 'profile id or name')
    .description('print an MCP server configuration that calls Genesys Cloud through the gateway (a new key; no secret or token in it)')
    .requiredOption('--consumer <name>', 'the consumer name for the key (e.g. claude-desktop)')
    .option('--name <server>', 'the server\'s name in the configuration', 'genesys-cloud')
    .option('--read-only', 'GET and HEAD only')
    .option('--allow <rule>', 'allowlist rule (repeatable)', collect)
    .addOption(new Option('--expires <duration>', 'lifetime: 30d, 12h, 90m').argParser(parseDuration))
    .argument('[command...]', 'the MCP server to run, after -- (default: npx -y @makingchatbots/genesys-cloud-mcp-server)')
    .action(async (profile: string, server: string[], opts: GrantOptions & { name: string }) => {
      const grant = await ask({ command: 'tokentray mcp-config' }, 'gatewayGrant', gatewayGrantRequest(profile, opts));
      process.stdout.write(`${mcpConfig(grant, opts.name, server.length ? server : ['npx', '-y', '@makingchatbots/genesys-cloud-mcp-server'])}\n`);
      process.stderr.write(`tokentray: revoke it any time with: tokentray gateway revoke ${grant.consumer}\n`);
    });

  program.addHelpText('after', GATEWAY_EXAMPLES);
}

