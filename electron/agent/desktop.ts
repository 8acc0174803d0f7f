// The desktop app's side of "one refresher per data folder": claim the folder before the engine
// opens the vault (a Node entry or a standalone tokentray command may hold it), and serve the agent
// once the engine runs. Kept here, electron-free, so electron/main.ts only calls two functions.

import type { Logger, TokenEngine } from '../engine/index.js';
import { APP_VERSION } from '../services/version.js';
import { claimDataFolder, type DataFolderOwner } from './agent-host.js';

export const DESKTOP_SIGNIN_HINT = 'Choose "Sign in…" for this profile in the TokenTray tray menu or dashboard, then run the command again (or add --wait).';

export interface DesktopUi {
  showError(title: string, message: string): void;
  notify(title: string, message: string): void;
  quit(): void;
}

/** Takes the data folder; on refusal says who holds it and quits. */
export async function claimForDesktop(dataDir: string, logger: Logger, ui: DesktopUi): Promise<DataFolderOwner | undefined> {
  const claim = await claimDataFolder({
    dataDir,
    mode: 'desktop',
    command: 'TokenTray desktop app',
    logger,
    onLost: (message) => {
      ui.notify('TokenTray stopped', message);
      ui.quit();
    },
  });
  if (claim.ok) return claim.owner;
  ui.showError('TokenTray cannot start', claim.message);
  ui.quit();
  return undefined;
}

/** Serves the agent for the tokentray CLI; a failure is reported, never fatal for the tray. */
export async function serveDesktopAgent(owner: DataFolderOwner, engine: TokenEngine, options: { logger: Logger; defaultProfileId: () => string | undefined; ui: DesktopUi }): Promise<void> {
  // Fifty waiting commands are one reason to sign in: one notification per profile a minute.
  const lastNotified = new Map<string, number>();
  try {
    await owner.serveAgent({
      engine,
      version: APP_VERSION,
      signInHint: DESKTOP_SIGNIN_HINT,
      defaultProfileId: options.defaultProfileId,
      onSignInNeeded: (profile, client) => {
        if (Date.now() - (lastNotified.get(profile.id) ?? 0) < 60_000) return;
        lastNotified.set(profile.id, Date.now());
        options.ui.notify(`${profile.name}: sign in`, `${client.command} is waiting for a token. Choose "Sign in…" in the tray menu.`);
      },
      onGatewayNotice: (notice) => options.ui.notify(notice.title, notice.message),
    });
  } catch (error) {
    options.logger.warn('agent not started', { error: error instanceof Error ? error.message : String(error) });
    options.ui.notify('tokentray commands unavailable', error instanceof Error ? error.message : String(error));
  }
}
