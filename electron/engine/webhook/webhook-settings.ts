// The identity-management webhook's configuration: its URL is a setting (settings.json), its
// signing secret lives in the vault; this points the outbox at both and keeps them in step.

import { WEBHOOK_VAULT_KEY } from '../contracts.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { Vault } from '../vault/vault.js';
import { generateWebhookSecret } from './signing.js';
import type { WebhookOutbox } from './outbox.js';

export interface WebhookSettingsDeps {
  settings: Pick<SettingsStore, 'current' | 'update'>;
  vault: Pick<Vault, 'get' | 'update'>;
  outbox: Pick<WebhookOutbox, 'configure' | 'sendTest'>;
  /** Tells the user why a saved webhook cannot be used. */
  warn: (title: string, message: string) => void;
}

export class WebhookSettings {
  constructor(private readonly deps: WebhookSettingsDeps) {}

  /** Sets (or clears, with null) the identity-management webhook. A missing secret is generated. */
  async configure(config: { url: string; secret?: string | undefined } | null): Promise<void> {
    if (config === null) {
      await this.deps.settings.update({ webhookUrl: null });
      this.deps.outbox.configure(null);
      return;
    }
    const existing = this.deps.vault.get(WEBHOOK_VAULT_KEY)?.webhookSigningSecret;
    const secret = config.secret || existing || generateWebhookSecret();
    this.deps.outbox.configure({ url: config.url, secret }); // throws with a clear message on a bad URL or weak secret
    if (secret !== existing) await this.deps.vault.update(WEBHOOK_VAULT_KEY, { webhookSigningSecret: secret });
    await this.deps.settings.update({ webhookUrl: config.url });
  }

  /** At start: points the outbox at the saved webhook, or says why it cannot. */
  applySaved(): void {
    const url = this.deps.settings.current().webhookUrl;
    const secret = this.deps.vault.get(WEBHOOK_VAULT_KEY)?.webhookSigningSecret;
    if (!url || !secret) return;
    try {
      this.deps.outbox.configure({ url, secret });
    } catch (error) {
      this.deps.warn('Webhook not configured', error instanceof Error ? error.message : String(error));
    }
  }

  sendTest(): ReturnType<WebhookOutbox['sendTest']> {
    return this.deps.outbox.sendTest();
  }
}
