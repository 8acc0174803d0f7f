// `tokentray` installed as README says (`npm install -g .` in the clone, here into a temporary npm
// prefix), run from another directory, against a running TokenTray; and the command the dashboard
// copies, run as given from another directory by a user whose default data folder is elsewhere.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../../electron/agent/cli-command.js';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { dispatchCall } from '../../../electron/services/dispatch.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { ROOT, ensureCliBuilt, seedDataFolder, startApp, type RunningApp, type SeededFolder } from '../../support/cli-harness.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
let app: RunningApp;
let prefix: string;
let elsewhere: string;

beforeAll(async () => {
  await ensureCliBuilt();
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  folder = await seedDataFolder(sandbox, ['prod']);
  app = await startApp(folder.dataDir);
  prefix = join(folder.dataDir, 'npm-prefix');
  elsewhere = join(folder.dataDir, 'some-other-home');
  mkdirSync(elsewhere);
  // README's command, verbatim, run in the clone; only npm's global prefix points at a temporary folder.
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('npm install -g .');
  execFileSync('npm', ['install', '-g', '.', '--offline', '--no-audit', '--no-fund'], { cwd: ROOT, env: { ...process.env, npm_config_prefix: prefix }, stdio: 'ignore', timeout: 60_000 });
}, 90_000);
afterAll(async () => {
  await app?.close();
  folder?.remove();
  await sandbox?.close();
});

/**
 * bash in another directory, with only the temporary prefix's bin and the system's folders on PATH
 * (no node_modules/.bin). Asynchronous: the TokenTray answering runs in this very process.
 */
function shell(command: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd: elsewhere,
      env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH!.split(':').filter((dir) => !dir.includes('node_modules')).join(':')}`, HOME: elsewhere, TOKENTRAY_TIMEOUT: '60', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the installed tokentray', () => {
  it('is on PATH after `npm install -g .` and works from any directory', async () => {
    expect((await shell('command -v tokentray', {})).stdout.trim()).toBe(join(prefix, 'bin', 'tokentray'));
    const run = await shell('tokentray token prod', { TOKENTRAY_DATA_DIR: folder.dataDir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(sandbox.isAccessTokenActive(run.stdout.trim())).toBe(true);
  });

  it("the dashboard's copied command reaches this TokenTray from a terminal whose default folder is another", async () => {
    const handlers = createApiHandlers({ engine: app.engine, appInfo: { version: 'test', mode: 'browser' } });
    const info = await dispatchCall(handlers, 'getAppInfo', undefined);
    expect(info).toMatchObject({ ok: true, value: { cliCommand: `TOKENTRAY_DATA_DIR=${folder.dataDir} tokentray` } });
    const copy = await dispatchCall(handlers, 'copyToken', { profileId: 'prod', as: 'token' });
    const command = /run: (.*)$/.exec(copy.ok ? '' : copy.error.message)?.[1];
    expect(command).toBe(`TOKENTRAY_DATA_DIR=${folder.dataDir} tokentray token prod`);
    const run = await shell(command!, {});
    expect(run.status).toBe(0);
    expect(sandbox.isAccessTokenActive(run.stdout.trim())).toBe(true);
  });

  it('names TOKENTRAY_DATA_DIR only when the folder is not the default, quoted for the shell', () => {
    expect(cliCommand('/home/ann/.config/TokenTray', { HOME: '/home/ann' }, 'linux')).toBe('tokentray');
    expect(cliCommand('/home/ann/.config/TokenTray', { HOME: '/home/ann', TOKENTRAY_DATA_DIR: '/home/ann/.config/TokenTray' }, 'linux')).toBe('tokentray');
    expect(cliCommand("/tmp/it's here", { HOME: '/home/ann' }, 'linux')).toBe("TOKENTRAY_DATA_DIR='/tmp/it'\\''s here' tokentray");
    expect(cliCommand('D:\\TT', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32')).toBe("$env:TOKENTRAY_DATA_DIR = 'D:\\TT'; tokentray");
  });
});
