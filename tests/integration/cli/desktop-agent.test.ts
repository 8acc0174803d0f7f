// The desktop app's side, with the few Electron calls faked: it refuses a folder another process
// holds (error box naming the holder, then quit), serves the agent with the tray's default profile
// and its own sign-in advice, and notifies once, not fifty times, when scripts wait for a sign-in.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentCallError, callAgent } from '../../../electron/agent/agent-client.js';
import { claimDataFolder } from '../../../electron/agent/agent-host.js';
import { DESKTOP_SIGNIN_HINT, claimForDesktop, serveDesktopAgent, type DesktopUi } from '../../../electron/agent/desktop.js';
import { agentSocketPath } from '../../../electron/agent/socket-path.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { nodeCipher, seedDataFolder, type SeededFolder } from '../../support/cli-harness.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => (sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 })));
afterAll(() => sandbox.close());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  folder?.remove();
});

function fakeUi() {
  const calls = { errors: [] as string[], notices: [] as string[], quits: 0 };
  const ui: DesktopUi = { showError: (t, m) => calls.errors.push(`${t}: ${m}`), notify: (t, m) => calls.notices.push(`${t}: ${m}`), quit: () => (calls.quits += 1) };
  return { ui, calls };
}

describe('the desktop app and the data folder', () => {
  it('shows who holds the folder and quits when another TokenTray has it', async () => {
    folder = await seedDataFolder(sandbox, ['prod']);
    const other = await claimDataFolder({ dataDir: folder.dataDir, mode: 'node', command: 'npm start (browser dashboard)' });
    if (!other.ok) throw new Error(other.message);
    cleanups.push(() => other.owner.release());
    const { ui, calls } = fakeUi();
    expect(await claimForDesktop(folder.dataDir, console, ui)).toBeUndefined();
    expect(calls.quits).toBe(1);
    expect(calls.errors[0]).toContain(`TokenTray cannot start: The data folder ${folder.dataDir} is in use by TokenTray under Node`);
  });

  it('serves the agent with the default profile and one sign-in notification for many waiting scripts', async () => {
    folder = await seedDataFolder(sandbox, ['prod', 'dev']);
    const { ui, calls } = fakeUi();
    const owner = await claimForDesktop(folder.dataDir, console, ui);
    if (!owner) throw new Error('not claimed');
    const engine = await TokenEngine.start({ dataDir: folder.dataDir, cipher: await nodeCipher(folder.dataDir), env: {}, autoStart: false });
    cleanups.push(async () => {
      await owner.stopAgent();
      await engine.stop();
      await owner.release();
    });
    await serveDesktopAgent(owner, engine, { logger: console, defaultProfileId: () => 'dev', ui });
    const socket = agentSocketPath(folder.dataDir);
    if (!socket.ok) throw new Error(socket.message);
    const client = { pid: 1234, command: 'tokentray token' };
    expect(await callAgent(socket.path, 'token', {}, client)).toMatchObject({ profile: 'dev' });

    sandbox.revokeRefreshToken(folder.refreshTokens.prod!);
    const answers = await Promise.allSettled(Array.from({ length: 20 }, () => callAgent(socket.path, 'token', { profile: 'prod' }, client)));
    for (const answer of answers) {
      expect(answer.status).toBe('rejected');
      if (answer.status === 'rejected') {
        expect(answer.reason).toBeInstanceOf(AgentCallError);
        expect((answer.reason as AgentCallError).code).toBe('signin_required');
        expect((answer.reason as AgentCallError).message).toContain(DESKTOP_SIGNIN_HINT);
      }
    }
    expect(calls.notices).toEqual(['Org prod: sign in: tokentray token is waiting for a token. Choose "Sign in…" in the tray menu.']);
  });
});
