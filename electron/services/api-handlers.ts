// The main-process implementation of every dashboard call, over the token engine. Shared by the
// Electron IPC registration and the browser dashboard. Raw tokens never leave here: copying is
// done on this side, and only masked previews travel back.

import { GENESYS_REGIONS, EngineError, type TokenEngine, maskToken } from '../engine/index.js';
import type { AppInfo, SettingsView } from '../../shared/dashboard-types.js';
import type { ApiHandlers } from '../../shared/ipc.js';
import type { ClipboardGuard } from './clipboard-guard.js';
import { cliCommand } from '../agent/cli-command.js';
import { createConsumerHandlers, type GatewaySource } from './consumer-handlers.js';

export interface ApiDeps {
  engine: TokenEngine;
  /** Absent where the process has no system clipboard (browser dashboard on a remote box). */
  clipboard?: ClipboardGuard;
  appInfo: Omit<AppInfo, 'profileSource' | 'sandboxBaseUrl' | 'canCopy' | 'cliCommand'>;
  /** The local gateway (issue 18), read at each call since it starts after the handlers; absent where none runs. */
  gateway?: GatewaySource;
  /** Called after a copy, e.g. to show a notification. */
  onCopied?: (what: { profileId: string; masked: string; clearsAt: number | null }) => void;
}

export function createApiHandlers(deps: ApiDeps): ApiHandlers {
  const { engine } = deps;
  const tokentray = cliCommand(engine.dataDir);
  const settingsView = (): SettingsView => ({
    settings: engine.settings(),
    storage: engine.storageProtection(),
    webhook: engine.webhookStats(),
    regions: GENESYS_REGIONS.map((r) => ({ ...r })),
  });

  return {
    getAppInfo: async () => ({
      ...deps.appInfo,
      profileSource: engine.source,
      canCopy: deps.clipboard !== undefined,
      cliCommand: tokentray,
      ...(engine.sandbox ? { sandboxBaseUrl: engine.sandbox.baseUrl } : {}),
    }),
    listProfiles: async () => engine.listStatuses(),
    getStatus: async ({ profileId }) => engine.status(profileId),
    refreshNow: ({ profileId }) => engine.refreshNow(profileId),
    copyToken: async ({ profileId, as }) => {
      // Without a clipboard the page shows the exact command that prints the token instead.
      const command = `${tokentray} token ${profileId}${as === 'authorization_header' ? ' --header' : ''}`;
      if (!deps.clipboard) throw clipboardUnavailable(`This dashboard's TokenTray process has no system clipboard. In a terminal on this machine run: ${command}`);
      const { token } = await engine.accessToken(profileId, 'copy');
      const text = as === 'authorization_header' ? `Bearer ${token}` : token;
      let clearsAt: number | null;
      try {
        clearsAt = deps.clipboard.copy(text, engine.settings().clipboardClearSec * 1000);
      } catch {
        throw clipboardUnavailable(`The system clipboard refused the copy. In a terminal on this machine run: ${command}`);
      }
      const masked = `${as === 'authorization_header' ? 'Bearer ' : ''}${maskToken(token)}`;
      deps.onCopied?.({ profileId, masked, clearsAt });
      return { masked, clearsAt };
    },
    validate: ({ profileId }) => engine.validate(profileId),
    inspect: ({ profileId }) => engine.inspect(profileId),
    getMetrics: async ({ profileId }) => engine.metrics(profileId),
    inspectPastedToken: (request) => engine.inspectPastedToken(request.token, request.verifyWith),
    readAudit: (query) => engine.readAudit(query),
    addProfile: (input) => engine.addProfile(input),
    updateProfile: ({ profileId, input }) => engine.updateProfile(profileId, input),
    removeProfile: async ({ profileId }) => {
      await engine.removeProfile(profileId);
      return null;
    },
    restoreProfile: ({ profileId }) => engine.restoreProfile(profileId),
    testProfile: ({ profileId, input }) => engine.testProfile(input, profileId),
    getSignInOptions: ({ profileId }) => engine.signInOptions(profileId),
    signIn: ({ profileId }) => engine.signIn(profileId),
    cancelSignIn: async ({ profileId }) => {
      engine.cancelSignIn(profileId);
      return null;
    },
    // The refresh token travels renderer → main only, is stored in the vault and never echoed back.
    signInWithRefreshToken: ({ profileId, refreshToken }) => engine.signInWithRefreshToken(profileId, refreshToken),
    startDeviceSignIn: ({ profileId }) => engine.startDeviceSignIn(profileId),
    signOut: ({ profileId }) => engine.signOut(profileId),
    getSettings: async () => settingsView(),
    updateSettings: async (patch) => {
      await engine.updateSettings(patch);
      return settingsView();
    },
    configureWebhook: async (config) => {
      try {
        await engine.configureWebhook(config);
      } catch (error) {
        if (error instanceof EngineError) throw error;
        throw new EngineError('config', { code: 'invalid_webhook', message: error instanceof Error ? error.message : String(error), at: Date.now() });
      }
      return settingsView();
    },
    sendTestWebhook: () => engine.sendTestWebhook(),
    ...createConsumerHandlers(engine, deps.gateway),
  };
}

function clipboardUnavailable(message: string): EngineError {
  return new EngineError('config', { code: 'clipboard_unavailable', message, at: Date.now() });
}
