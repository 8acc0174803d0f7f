// The `tokentray` CLI as real processes against a running TokenTray (lock + engine + agent in this
// process) and the sandbox IdP: every command, exec's environment, exit codes and signals, the
// audit line naming the client, sign-in required and --wait, and one token request for 50 CLIs
// plus the app asking at once.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { runCli, seedDataFolder, startApp, type RunningApp, type SeededFolder, startCliSandbox } from '../../support/cli-harness.js';
import { waitFor } from '../../support/wait-for.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
let app: RunningApp;
beforeAll(async () => void (sandbox = await startCliSandbox()));
afterAll(() => sandbox.close());

async function setUp(ids = ['prod', 'dev']): Promise<void> {
  folder = await seedDataFolder(sandbox, ids);
  app = await startApp(folder.dataDir);
  sandbox.resetStats();
}
afterEach(async () => {
  await app?.close();
  folder?.remove();
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { dataDir: folder.dataDir, env });

describe('tokentray against a running TokenTray', () => {
  it('prints the token, the header and JSON, refreshing once and only when the token is too short-lived', async () => {
    await setUp();
    const plain = await cli(['token', 'prod']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    const token = plain.stdout.trim();
    expect(sandbox.isAccessTokenActive(token)).toBe(true);
    expect(sandbox.stats().tokenRequests).toBe(1);

    expect((await cli(['token', 'prod', '--header'])).stdout).toBe(`Authorization: Bearer ${token}\n`);
    const json = JSON.parse((await cli(['token', 'Org prod', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ profile: 'prod', accessToken: token, tokenType: 'Bearer', provider: 'genesys', region: 'mypurecloud.com', regionKey: 'us-east-1', apiBaseUrl: sandbox.apiBaseUrl });
    expect(Date.parse(String(json.expiresAt)) - Date.now()).toBeGreaterThan(590_000);
    expect(json.scopes).toEqual(expect.arrayContaining(['conversations']));
    expect(sandbox.stats().tokenRequests).toBe(1);

    // Less than the token has left: the same token, no refresh.
    const shorter = await cli(['token', 'prod', '--min-valid', '500']);
    expect(shorter).toMatchObject({ code: 0, stderr: '', stdout: `${token}\n` });
    expect(sandbox.stats().tokenRequests).toBe(1);
  });

  it('caps --min-valid beyond the token lifetime with a one-line notice, instead of refreshing on every call', async () => {
    await setUp();
    const first = await cli(['token', 'prod', '--min-valid', '3600']);
    expect(first.code).toBe(0);
    // The first call learns the lifetime (600 s) from the refresh it makes; every later one is capped at 90 % of it.
    const runs = await Promise.all(Array.from({ length: 10 }, () => cli(['token', 'prod', '--min-valid', '3600'])));
    expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
    expect(new Set(runs.map((r) => r.stdout))).toEqual(new Set([first.stdout]));
    for (const run of runs) expect(run.stderr).toMatch(/^tokentray: note: prod's tokens live 600 s, so --min-valid 3600 was capped to 540 s \(this token has \d+ s left\)\.\n$/);
    expect(sandbox.stats().tokenRequests).toBe(1);
  }, 30_000);

  it('prints {"Authorization":"Bearer …"} for credential helpers', async () => {
    await setUp();
    const token = (await cli(['token', 'prod'])).stdout.trim();
    const run = await cli(['token', 'prod', '--format', 'headers-json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ Authorization: `Bearer ${token}` });
    expect((await cli(['token', 'prod', '--format', 'yaml'])).code).toBe(2);
  });

  it('uses the first profile when none is named, and TOKENTRAY_PROFILE when set', async () => {
    await setUp();
    const first = await cli(['token', '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ profile: 'prod' });
    const chosen = await cli(['token', '--json'], { TOKENTRAY_PROFILE: 'dev' });
    expect(JSON.parse(chosen.stdout)).toMatchObject({ profile: 'dev' });
  });

  it('writes an audit line naming the asking process for every token handed out', async () => {
    await setUp();
    const run = await cli(['token', 'prod']);
    const lines = await app.engine.readAudit({ types: ['token_issued'] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ profileId: 'prod', detail: { via: 'agent', clientPid: run.pid, clientCommand: 'tokentray token', clientIdentity: 'claimed by client', parentPid: process.pid, minValidSec: 60 } });
    expect(JSON.stringify(lines)).not.toContain(run.stdout.trim());
  });

  it('exec hands the token to a program in the variables gc and Terraform read, and passes its exit code through', async () => {
    await setUp();
    const script = join(folder.dataDir, 'child.cjs');
    writeFileSync(script, 'const e = process.env; console.log(JSON.stringify({ g: e.GENESYSCLOUD_ACCESS_TOKEN, r: e.GENESYSCLOUD_REGION, a: e.GENESYSCLOUD_API_REGION, t: e.TOKENTRAY_ACCESS_TOKEN, x: e.TOKENTRAY_EXPIRES_AT, args: process.argv.slice(2) })); process.exit(7);');
    const run = await cli(['exec', 'prod', '--', process.execPath, script, '--flag', 'two words']);
    expect(run.code).toBe(7);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(sandbox.isAccessTokenActive(String(seen.g))).toBe(true);
    expect(seen).toMatchObject({ t: seen.g, r: 'us-east-1', a: sandbox.apiBaseUrl, args: ['--flag', 'two words'] });
    expect(Number(seen.x) * 1000 - Date.now()).toBeGreaterThan(590_000);

    const missing = await cli(['exec', 'prod', '--', 'no-such-program-tokentray']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/could not run no-such-program-tokentray: command not found/);
  });

  it('exec passes signals to the program and ends the way it ended', async () => {
    await setUp();
    const script = join(folder.dataDir, 'wait.cjs');
    const marker = join(folder.dataDir, 'got-signal');
    writeFileSync(script, `process.on('SIGTERM', () => { require('fs').writeFileSync(${JSON.stringify(marker)}, 'SIGTERM'); process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM'); }); console.log('ready'); setInterval(() => {}, 1000);`);
    let pid = 0;
    let output = '';
    const running = runCli(['exec', 'prod', '--', process.execPath, script], { dataDir: folder.dataDir, onSpawn: (p) => (pid = p), onStdout: (text) => (output += text) });
    // Once the program runs, signal tokentray (not the program).
    const { readFileSync, existsSync } = await import('node:fs');
    await waitFor(() => output.includes('ready'), 'the program to say it is ready');
    process.kill(pid, 'SIGTERM');
    const run = await running;
    await waitFor(() => existsSync(marker), 'the program to write its marker');
    expect(readFileSync(marker, 'utf8')).toBe('SIGTERM');
    expect(run.stdout).toContain('ready');
    expect(run.signal).toBe('SIGTERM'); // the program died of SIGTERM, so tokentray does too
  });

  it('prints export lines that each shell evaluates back to the token', async () => {
    await setUp();
    const token = (await cli(['token', 'prod'])).stdout.trim();
    const bash = await cli(['env', 'prod', '--shell', 'bash']);
    expect(bash.stdout).toContain(`export GENESYSCLOUD_ACCESS_TOKEN='${token}'`);
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('bash', ['-c', `eval "$1"; printf %s "$TOKENTRAY_ACCESS_TOKEN|$GENESYSCLOUD_REGION"`, 'bash', bash.stdout], { encoding: 'utf8' })).toBe(`${token}|us-east-1`);
    expect((await cli(['env', 'prod', '--shell', 'zsh'])).stdout).toContain(`export TOKENTRAY_ACCESS_TOKEN='${token}'`);
    expect((await cli(['env', 'prod', '--shell', 'fish'])).stdout).toContain(`set -gx GENESYSCLOUD_ACCESS_TOKEN '${token}'`);
    expect((await cli(['env', 'prod', '--shell', 'powershell'])).stdout).toContain(`$env:GENESYSCLOUD_ACCESS_TOKEN = '${token}'`);
    const bad = await cli(['env', 'prod', '--shell', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are bash, zsh, fish, powershell/);
  });

  it('status, status --json, status --short, list and refresh', async () => {
    await setUp();
    await cli(['token', 'prod']);
    const table = await cli(['status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\* prod\s+valid\s+(9|10)m/);
    expect(table.stdout).toMatch(/ dev\s+no token/);
    const json = JSON.parse((await cli(['status', '--json'])).stdout) as { id: string; state: string; missingScopes: string[] }[];
    expect(json.map((p) => [p.id, p.state])).toEqual([['prod', 'valid'], ['dev', 'no_token']]);
    const short = (await cli(['status', '--short'])).stdout;
    expect(short).toMatch(/^prod (9|10)m dev -\n$/);
    expect((await cli(['list'])).stdout).toBe('prod\tOrg prod\tgenesys mypurecloud.com\t(default)\ndev\tOrg dev\tgenesys mypurecloud.com\n');

    const before = sandbox.stats().tokenRequests;
    const refresh = await cli(['refresh', 'prod']);
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toMatch(/prod\s+valid/);
    expect(sandbox.stats().tokenRequests).toBe(before + 1);
  });

  it('answers an unknown profile and a rejected sign-in with one line and their own exit codes', async () => {
    await setUp();
    const unknown = await cli(['token', 'nope']);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toBe(`tokentray: There is no profile "nope". Known profiles: prod, dev. Run \`tokentray list\` to see them. (data folder: ${folder.dataDir})\n`);

    sandbox.revokeRefreshToken(folder.refreshTokens.dev!);
    const rejected = await cli(['token', 'dev']);
    expect(rejected.code).toBe(4);
    expect(rejected.stderr.trim().split('\n')).toHaveLength(1);
    expect(rejected.stderr).toMatch(/Org dev needs you to sign in: .*Sign in from the test dashboard\./);
    const status = JSON.parse((await cli(['status', 'dev', '--json'])).stdout) as { state: string; action: string };
    expect(status).toMatchObject({ state: 'signin_required', action: 'Sign in from the test dashboard.' });
    expect((await cli(['refresh', 'dev'])).code).toBe(4);
  });

  it('--wait waits for the sign-in, then prints the token', async () => {
    await setUp();
    sandbox.revokeRefreshToken(folder.refreshTokens.dev!);
    expect((await cli(['token', 'dev'])).code).toBe(4);
    let stderr = '';
    const waiting = runCli(['token', 'dev', '--wait', '20'], { dataDir: folder.dataDir, onStderr: (text) => (stderr += text) });
    await waitFor(() => stderr.includes('waiting up to 20 s'), 'the CLI to say it waits');
    await app.engine.signInWithRefreshToken('dev', sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId));
    const run = await waiting;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/waiting up to 20 s for the sign-in/);
    expect(sandbox.isAccessTokenActive(run.stdout.trim())).toBe(true);
  });

  it('50 CLI processes and the app asking at once for an expired token cause exactly one token request', async () => {
    await setUp(['prod']);
    const runs = Array.from({ length: 50 }, () => cli(['token', 'prod']));
    const inApp = app.engine.accessToken('prod', 'api');
    const results = await Promise.all(runs);
    const fromApp = await inApp;
    expect(results.map((r) => r.code)).toEqual(Array(50).fill(0));
    expect(new Set(results.map((r) => r.stdout.trim()))).toEqual(new Set([fromApp.token]));
    expect(sandbox.stats().tokenRequests).toBe(1);
    expect(await app.engine.readAudit({ types: ['token_issued'] })).toHaveLength(50);
  }, 60_000);
});
