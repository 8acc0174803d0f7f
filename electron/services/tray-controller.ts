// Keeps the tray in step with the engine: one idempotent render from current state (like
// Signal-Desktop's tray service), click-to-copy, and the menu's actions. Talks to Electron only
// through the TrayView port, so it is tested in Node with a fake view.

import type { GatewayBudgetView } from '../../shared/agent-protocol.js';
import type { ProfileStatus } from '../../shared/domain.js';
import { buildTrayModel, type TrayAction, type TrayModel } from './tray-model.js';

export interface TrayView {
  render(model: TrayModel, onAction: (action: TrayAction) => void): void;
  onClick(handler: () => void): void;
}

export interface TrayActions {
  copy(profileId: string, as: 'token' | 'authorization_header'): Promise<void>;
  refresh(profileId: string): Promise<void>;
  signIn(profileId: string): void;
  openDashboard(): void;
  setPaused(paused: boolean): Promise<void>;
  setStartAtLogin(enabled: boolean): void;
  /** Links the tokentray command into PATH (macOS); resolves with what happened, in words. */
  installCli?(): Promise<string>;
  quit(): void;
  /** Shown when an action fails, e.g. copying while sign-in is required. */
  reportError(title: string, message: string): void;
}

export interface TrayState {
  statuses(): ProfileStatus[];
  paused(): boolean;
  startAtLogin(): boolean;
  defaultProfileId(): string | undefined;
  /** The local gateway's budgets, read at each render (absent without a gateway). */
  gatewayBudgets?(): GatewayBudgetView[];
}

export class TrayController {
  private lastRendered = '';
  private notice: { text: string; until: number } | undefined;

  constructor(private readonly view: TrayView, private readonly state: TrayState, private readonly actions: TrayActions, private readonly now: () => number = Date.now) {
    view.onClick(() => this.copyDefault());
  }

  /** Re-renders only when something visible changed (labels include the time left). */
  render(): TrayModel {
    const model = buildTrayModel({
      statuses: this.state.statuses(),
      defaultProfileId: this.state.defaultProfileId(),
      paused: this.state.paused(),
      startAtLogin: this.state.startAtLogin(),
      now: this.now(),
      ...(this.state.gatewayBudgets ? { gatewayBudgets: this.state.gatewayBudgets() } : {}),
      ...(this.actions.installCli ? { offerCliInstall: true } : {}),
    });
    // Where the desktop shows no notifications, the latest notice leads the tooltip for a while.
    if (this.notice && this.notice.until > this.now()) model.tooltip = `${this.notice.text}\n${model.tooltip}`;
    else this.notice = undefined;
    const key = JSON.stringify(model);
    if (key !== this.lastRendered) {
      this.lastRendered = key;
      this.view.render(model, (action) => void this.handle(action));
    }
    return model;
  }

  /** Shows `text` at the top of the tooltip for `forMs` (the notification fallback). */
  showNotice(text: string, forMs: number): void {
    this.notice = { text, until: this.now() + forMs };
    this.render();
  }

  copyDefault(): Promise<void> {
    const statuses = this.state.statuses();
    const target = statuses.find((s) => s.profile.id === this.state.defaultProfileId()) ?? statuses[0];
    if (!target) {
      this.actions.openDashboard();
      return Promise.resolve();
    }
    return this.handle({ kind: 'copy', profileId: target.profile.id, as: 'token' });
  }

  async handle(action: TrayAction): Promise<void> {
    try {
      switch (action.kind) {
        case 'copy':
          return await this.actions.copy(action.profileId, action.as);
        case 'refresh':
          return await this.actions.refresh(action.profileId);
        case 'signin':
          return this.actions.signIn(action.profileId);
        case 'open_dashboard':
          return this.actions.openDashboard();
        case 'toggle_pause':
          await this.actions.setPaused(!this.state.paused());
          this.render();
          return;
        case 'toggle_start_at_login':
          this.actions.setStartAtLogin(!this.state.startAtLogin());
          this.render();
          return;
        case 'install_cli':
          if (this.actions.installCli) this.actions.reportError('TokenTray', await this.actions.installCli());
          return;
        case 'quit':
          return this.actions.quit();
      }
    } catch (error) {
      this.actions.reportError('TokenTray', error instanceof Error ? error.message : String(error));
    }
  }
}
