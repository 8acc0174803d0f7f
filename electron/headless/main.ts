// The Node entry: runs the same token engine as the desktop app, without Electron. Used where
// the Electron binary is absent (these development machines, WSL, remote Linux) and by tests.
// With nothing configured it starts the built-in sandbox identity provider, labelled as such.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiHandlers } from '../services/api-handlers.js';
import { TokenEngine, defaultDataDir, createLogger, createNodeNetwork, openNodeVaultCipher } from '../engine/index.js';
import { applyResidentHeapPolicy } from '../services/heap-policy.js';
import { APP_VERSION } from '../services/version.js';
import { startDashboardServer } from './dashboard-server.js';
import { openInSystemBrowser } from './open-browser.js';
import { renderStatusLines } from './terminal-status.js';
import { ClipboardGuard } from '../services/clipboard-guard.js';
import { claimDataFolder } from '../agent/agent-host.js';
import { systemClipboard } from './system-clipboard.js';
import { sandboxDemo } from '../sandbox/sandbox-demo.js';

const NODE_SIGNIN_HINT = 'Open the TokenTray dashboard (the URL `npm start` printed) and sign in there, then run the command again (or add --wait).';

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  const logger = createLogger({ level: process.env.TOKENTRAY_LOG_LEVEL === 'debug' ? 'debug' : 'info', sink: (line) => process.stderr.write(`${line}\n`) });
  // One refresher per data folder: take the folder before anything opens the vault.
  const claim = await claimDataFolder({ dataDir, mode: 'node', command: 'npm start (browser dashboard)', logger, onLost: (message) => { console.error(message); void shutdown(3); } });
  if (!claim.ok) {
    console.error(`TokenTray could not start: ${claim.message}`);
    process.exit(3);
  }
  const { owner } = claim;
  applyResidentHeapPolicy(); // stays up like the tray app: keep garbage from piling up between collections
  // The vault's key lives in the OS keyring (secrets persist by default). Without one it falls back
  // to a key file beside the vault, which is NOT strong protection: the vault stays memory-only
  // unless the user opts in (TOKENTRAY_PERSIST_SECRETS=1); the start-up notice says why.
  const cipher = await openNodeVaultCipher({ dataDir, env: process.env });
  // Proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and extra trusted roots (NODE_EXTRA_CA_CERTS).
  const network = createNodeNetwork(process.env);
  // With nothing configured, the sandbox identity provider starts as a demo peer (README's promise).
  const engine = await TokenEngine.start({ dataDir, cipher, logger, env: process.env, openBrowser: openInSystemBrowser, fetch: network.fetch, startDemo: sandboxDemo() });
  if (process.env.TOKENTRAY_PERSIST_SECRETS === '1') await engine.updateSettings({ persistSecretsWithWeakProtection: true });

  console.log(`TokenTray engine running (profiles from ${engine.source}; data in ${dataDir}).`);
  console.log(engine.storageProtection().message);
  console.log(network.summary);
  for (const problem of network.problems) console.log(`[warning] ${problem}`);
  if (engine.sandbox) console.log(`Sandbox identity provider on ${engine.sandbox.baseUrl} (demo org, short-lived tokens).`);

  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');
  const clipboard = await systemClipboard();
  const handlers = createApiHandlers({ engine, appInfo: { version: APP_VERSION, mode: 'browser' }, gateway: () => owner.gateway, ...(clipboard ? { clipboard: new ClipboardGuard(clipboard) } : {}) });
  const port = Number(process.env.TOKENTRAY_DASHBOARD_PORT ?? 0);
  const dashboard = await startDashboardServer({
    handlers,
    rendererDir,
    subscribe: (l) => engine.onChange(l),
    port,
    logger,
    onNewLink: (url) => console.log(`Dashboard link used. A new one-time link for another tab: ${url}`),
  });
  console.log(`Dashboard (one-time link, opens one tab): ${dashboard.url}`);
  if (!existsSync(join(rendererDir, 'index.html'))) console.log('  (the dashboard is not built yet: run `npm run build:renderer`)');
  try {
    const agent = await owner.serveAgent({
      engine,
      version: APP_VERSION,
      signInHint: NODE_SIGNIN_HINT,
      onSignInNeeded: (profile, client) => console.log(`[warning] ${client.command} (pid ${client.pid}) is waiting for ${profile.name}: sign in from the dashboard.`),
      onGatewayNotice: (notice) => console.log(`[warning] ${notice.title}: ${notice.message}`),
    });
    console.log(`Agent for the tokentray CLI: ${agent.socketPath}`);
    if (owner.gateway?.listening) console.log(`Gateway for consumer keys: ${owner.gateway.url ?? ''}`);
  } catch (error) {
    console.log(`The agent for the tokentray CLI could not start: ${error instanceof Error ? error.message : String(error)}`);
  }

  engine.onChange((change) => {
    if (change.type === 'notice') console.log(`[${change.level}] ${change.title}: ${change.message}`);
  });
  const printStatus = () => {
    console.log(`\n${new Date().toLocaleTimeString()}`);
    for (const line of renderStatusLines(engine.listStatuses(), Date.now())) console.log(line);
  };
  setTimeout(printStatus, 1500);
  const timer = setInterval(printStatus, Number(process.env.TOKENTRAY_STATUS_INTERVAL_MS ?? 15_000));

  stopRunning = async () => {
    clearInterval(timer);
    await dashboard.close();
    await owner.stopAgent();
    await engine.stop();
    await network.close();
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  async function shutdown(code: number): Promise<void> {
    await stopRunning().catch(() => {});
    await owner.release();
    process.exit(code);
  }
}

/** What must stop before the data folder is released; replaced once everything runs. */
let stopRunning: () => Promise<void> = async () => {};

main().catch((error: unknown) => {
  console.error(`TokenTray could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
