// The gateway from the command line, against a running TokenTray (lock, engine, agent and gateway in
// this process) and the sandbox: grant, list and revoke; exec --via-gateway with a child that calls
// the API (and whose key is revoked after it exits); mcp-config; and the README's Gateway examples
// run line by line as written, with stand-ins for gc and terraform that read the same variables the
// real tools read (their sources: GENESYSCLOUD_REGION with "localhost" → plain HTTP for gc; the
// GENESYSCLOUD_GATEWAY_* block and a real region key for the Terraform provider).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { GATEWAY_EXAMPLES } from '../../../cli/gateway-commands.js';
import { ROOT, ensureCliBuilt, runCli, seedDataFolder, startApp, type RunningApp, type SeededFolder } from '../../support/cli-harness.js';
import { CALL_USERS_ME as CALL, genesysToolStandIns, type ToolFolder } from '../../support/genesys-tool-standins.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
let app: RunningApp;
let tools: ToolFolder;

beforeAll(async () => {
  await ensureCliBuilt();
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  folder = await seedDataFolder(sandbox, ['prod']);
  app = await startApp(folder.dataDir);
  tools = genesysToolStandIns();
});
afterAll(async () => {
  await app.close();
  folder.remove();
  tools.remove();
  await sandbox.close();
});

function shell(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const cli = (args: string[]) => runCli(args, { dataDir: folder.dataDir });
const usersMe = (url: string, key: string) => fetch(`${url}/api/v2/users/me`, { headers: { authorization: `Bearer ${key}` } });

describe('tokentray gateway', () => {
  it('grants a key (--json), lists it, and revokes it', async () => {
    const granted = await cli(['gateway', 'grant', 'prod', '--consumer', 'ci', '--allow', 'GET /api/v2/users/**', '--expires', '7d', '--json']);
    expect(granted.stderr).toBe('');
    expect(granted.code).toBe(0);
    const grant = JSON.parse(granted.stdout) as { url: string; key: string; consumer: string; profile: string; expiresAt: string };
    expect(grant).toMatchObject({ consumer: 'ci', profile: 'prod' });
    expect(grant.key).toMatch(/^ttgw_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(grant.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect((await usersMe(grant.url, grant.key)).status).toBe(200);

    const listed = JSON.parse((await cli(['gateway', 'list', '--json'])).stdout) as { consumers: { consumer: string; allow: string[]; requests: number }[]; budgets: { profile: string; allowed?: number }[] };
    expect(listed.consumers).toEqual([expect.objectContaining({ consumer: 'ci', allow: ['GET /api/v2/users/**'], requests: 1 })]);
    expect(listed.budgets).toEqual([expect.objectContaining({ profile: 'prod', allowed: 300 })]);
    expect((await cli(['gateway', 'list'])).stdout).toMatch(/ci\s+prod\s+read-write\s+GET \/api\/v2\/users\/\*\*/);

    expect((await cli(['gateway', 'revoke', 'ci'])).code).toBe(0);
    expect((await usersMe(grant.url, grant.key)).status).toBe(401);
    const again = await cli(['gateway', 'revoke', 'ci']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/No consumer "ci" holds a gateway key/);
  });

  it('says what is wrong with a bad grant', async () => {
    const badRule = await cli(['gateway', 'grant', 'prod', '--consumer', 'x', '--allow', 'FETCH /api/v2/users']);
    expect(badRule.code).toBe(1);
    expect(badRule.stderr).toMatch(/METHOD PATH/);
    const badName = await cli(['gateway', 'grant', 'prod', '--consumer', 'has space']);
    expect(badName.stderr).toMatch(/cannot name a consumer/);
    const badExpiry = await cli(['gateway', 'grant', 'prod', '--consumer', 'y', '--expires', 'soon']);
    expect(badExpiry.code).toBe(2);
    expect(badExpiry.stderr).toMatch(/give a duration/);
  });

  it('exec --via-gateway: the child calls the API with a key that is revoked when it exits', async () => {
    const child = `${CALL}\nconsole.log('KEY=' + process.env.TOKENTRAY_GATEWAY_KEY); call(process.env.TOKENTRAY_GATEWAY_URL, process.env.TOKENTRAY_GATEWAY_KEY);`;
    const run = await cli(['exec', '--via-gateway', 'prod', '--', process.execPath, '-e', child]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^200 Demo User$/m);
    const key = /KEY=(ttgw_\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(key).not.toBe('');
    const after = await usersMe(app.owner.gateway?.url ?? '', key);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { message: string }).message).toMatch(/was revoked/);
    expect(app.owner.gateway?.list().some((c) => c.consumer.startsWith('exec-'))).toBe(false);
  });

  it('exec --via-gateway with no TokenTray running: the command serves the gateway itself while the child runs', async () => {
    const alone = await seedDataFolder(sandbox, ['solo']);
    try {
      const child = `${CALL}\ncall(process.env.TOKENTRAY_GATEWAY_URL, process.env.TOKENTRAY_GATEWAY_KEY);`;
      const run = await runCli(['exec', '--via-gateway', 'solo', '--', process.execPath, '-e', child], { dataDir: alone.dataDir });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^200 Demo User$/m);
      expect(run.code).toBe(0);
      const stored = JSON.parse(readFileSync(join(alone.dataDir, 'gateway.json'), 'utf8')) as { keys: { consumer: string; revokedAt?: number }[] };
      expect(stored.keys.every((k) => k.revokedAt !== undefined)).toBe(true);
    } finally {
      alone.remove();
    }
  });

  it('mcp-config prints a configuration with a working key and no token or secret', async () => {
    const run = await cli(['mcp-config', 'prod', '--consumer', 'claude', '--', 'node', 'server.mjs']);
    expect(run.code).toBe(0);
    const config = JSON.parse(run.stdout) as { mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }> };
    const server = config.mcpServers['genesys-cloud'];
    expect(server?.command).toBe('node');
    expect(server?.args).toEqual(['server.mjs']);
    const env = server?.env ?? {};
    expect((await usersMe(env.TOKENTRAY_GATEWAY_URL ?? '', env.TOKENTRAY_GATEWAY_KEY ?? '')).status).toBe(200);
    for (const secret of sandbox.issuedSecrets()) expect(run.stdout.includes(secret)).toBe(false);
    expect(run.stdout).not.toMatch(/client_secret|CLIENTSECRET|OAUTHCLIENT/i);
  });
});

describe('the README\'s Gateway examples', () => {
  it('run as written', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Gateway'), readme.indexOf('\n## ', readme.indexOf('## Gateway') + 3));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const lines = block.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: tools.path, TOKENTRAY_DATA_DIR: folder.dataDir };
    delete env.TOKENTRAY_AGENT_SOCKET;
    for (const line of lines) {
      // Asynchronously: the TokenTray answering these commands runs in this very process.
      const run = await shell(line, tools.dir, env);
      expect({ line, code: run.status, stderr: run.stderr.replace(/tokentray: revoke it any time.*\n/, '') }).toEqual({ line, code: 0, stderr: '' });
      if (line.includes('gc users') || line.includes('terraform')) expect(run.stdout).toMatch(/^200 Demo User$/m);
    }
    const mcp = JSON.parse(readFileSync(join(tools.dir, 'mcp.json'), 'utf8')) as { mcpServers: Record<string, { env: Record<string, string> }> };
    expect(mcp.mcpServers['genesys-cloud']?.env.GENESYSCLOUD_ACCESS_TOKEN).toMatch(/^ttgw_/);
    expect(app.owner.gateway?.list().map((c) => c.consumer)).toEqual(['claude', 'claude-desktop']);
  });
});

describe('the gateway examples in tokentray --help', () => {
  it('run as written, against a TokenTray of their own', async () => {
    const own = await seedDataFolder(sandbox, ['prod']);
    const ownApp = await startApp(own.dataDir);
    try {
      const lines = GATEWAY_EXAMPLES.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('tokentray '));
      expect(lines.length).toBe(6);
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: tools.path, TOKENTRAY_DATA_DIR: own.dataDir };
      delete env.TOKENTRAY_AGENT_SOCKET;
      for (const line of lines) {
        const run = await shell(line, tools.dir, env);
        expect({ line, code: run.status }).toEqual({ line, code: 0 });
        if (line.includes('terraform apply')) expect(run.stdout).toMatch(/^200 Demo User$/m);
      }
      expect(ownApp.owner.gateway?.list().map((c) => c.consumer)).toEqual(['reports', 'claude']);
    } finally {
      await ownApp.close();
      own.remove();
    }
  });
});
