// The Node entry: runs the same token engine as the desktop app, without Electron. Used where
// the Electron binary is absent (these development machines, WSL, remote Linux) and by tests.
// With nothing configured it starts the built-in sandbox identity provider, labelled as such.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiHandlers } from '../app/api-handlers.js';
import { TokenEngine } from '../engine/engine.js';
import { APP_VERSION } from '../app/version.js';
import { startDashboardServer } from './dashboard-server.js';
import { openInSystemBrowser } from './open-browser.js';
import { dataFiles, defaultDataDir } from '../engine/config/data-dir.js';
import { createLogger } from '../engine/logging/logger.js';
import { createNodeNetwork } from '../engine/http/node-network.js';
import { AesGcmCipher } from '../engine/vault/aes-gcm-cipher.js';
import { renderStatusLines } from './terminal-status.js';

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  const logger = createLogger({ level: process.env.TOKENTRAY_LOG_LEVEL === 'debug' ? 'debug' : 'info', sink: (line) => process.stderr.write(`${line}\n`) });
  // Without an OS keyring this key file sits beside the vault, so it is NOT strong protection:
  // the vault stays memory-only unless the user opts in (TOKENTRAY_PERSIST_SECRETS=1).
  const cipher = await AesGcmCipher.fromKeyFile(dataFiles(dataDir).nodeModeKey, { strong: false, backend: 'node-key-file' });
  // Proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and extra trusted roots (NODE_EXTRA_CA_CERTS).
  const network = createNodeNetwork(process.env);
  const engine = await TokenEngine.start({ dataDir, cipher, logger, env: process.env, openBrowser: openInSystemBrowser, fetch: network.fetch });
  if (process.env.TOKENTRAY_PERSIST_SECRETS === '1') await engine.updateSettings({ persistSecretsWithWeakProtection: true });

  console.log(`TokenTray engine running (profiles from ${engine.source}; data in ${dataDir}).`);
  console.log(engine.storageProtection().message);
  console.log(network.summary);
  for (const problem of network.problems) console.log(`[warning] ${problem}`);
  if (engine.sandbox) console.log(`Sandbox identity provider on ${engine.sandbox.baseUrl} (demo org, short-lived tokens).`);

  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');
  const handlers = createApiHandlers({ engine, appInfo: { version: APP_VERSION, mode: 'browser' } });
  const port = Number(process.env.TOKENTRAY_DASHBOARD_PORT ?? 0);
  const dashboard = await startDashboardServer({ handlers, rendererDir, subscribe: (l) => engine.onChange(l), port, logger });
  console.log(`Dashboard: ${dashboard.url}`);
  if (!existsSync(join(rendererDir, 'index.html'))) console.log('  (the dashboard is not built yet: run `npm run build:renderer`)');

  engine.onChange((change) => {
    if (change.type === 'notice') console.log(`[${change.level}] ${change.title}: ${change.message}`);
  });
  const printStatus = () => {
    console.log(`\n${new Date().toLocaleTimeString()}`);
    for (const line of renderStatusLines(engine.listStatuses(), Date.now())) console.log(line);
  };
  setTimeout(printStatus, 1500);
  const timer = setInterval(printStatus, Number(process.env.TOKENTRAY_STATUS_INTERVAL_MS ?? 15_000));

  const shutdown = async () => {
    clearInterval(timer);
    await dashboard.close();
    await engine.stop();
    await network.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`TokenTray could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
