// The engine's settings and the identity-management webhook: validated changes, saved before they
// take effect, applied to the parts they govern (vault persistence, the pause of auto-refresh,
// the outbox's destination and signing secret, which lives in the vault). The pause of
// auto-refresh is applied by the engine facade to the refresh loop after it is saved.

import type { EngineSettings, SettingsRepository } from '../config/settings.js';
import { settingsProblem } from '../config/settings.js';
import { EngineError, WEBHOOK_VAULT_KEY, type Clock } from '../contracts.js';
import type { Vault } from '../vault/vault.js';
import { generateWebhookSecret } from '../webhook/signing.js';
import type { WebhookOutbox } from '../webhook/outbox.js';
import type { EngineBus } from './engine-bus.js';

export interface SettingsDeps {
  repository: SettingsRepository;
  vault: Pick<Vault, 'get' | 'update' | 'setPersist'>;
  outbox: Pick<WebhookOutbox, 'configure' | 'sendTest'>;
  bus: EngineBus;
  clock: Clock;
}

export class EngineSettingsService {
  private value: EngineSettings;

  constructor(initial: EngineSettings, private readonly deps: SettingsDeps) {
    this.value = { ...initial };
  }

  current(): EngineSettings {
    return { ...this.value };
  }

  async update(patch: Partial<EngineSettings>): Promise<EngineSettings> {
    const next = { ...this.value, ...patch };
    const problem = settingsProblem(next);
    if (problem) throw new EngineError('config', { code: 'invalid_setting', message: problem, at: this.deps.clock.now() });
    await this.deps.repository.save(next);
    this.value = next;
    if (patch.persistSecretsWithWeakProtection !== undefined) await this.deps.vault.setPersist(next.persistSecretsWithWeakProtection ? 'always' : 'auto');
    return this.current();
  }

  /** Sets (or clears, with null) the identity-management webhook. A missing secret is generated. */
  async configureWebhook(config: { url: string; secret?: string } | null): Promise<void> {
    if (config === null) {
      await this.update({ webhookUrl: null });
      this.deps.outbox.configure(null);
      return;
    }
    const existing = this.deps.vault.get(WEBHOOK_VAULT_KEY)?.webhookSigningSecret;
    const secret = config.secret || existing || generateWebhookSecret();
    this.deps.outbox.configure({ url: config.url, secret }); // throws with a clear message on a bad URL or weak secret
    if (secret !== existing) await this.deps.vault.update(WEBHOOK_VAULT_KEY, { webhookSigningSecret: secret });
    await this.update({ webhookUrl: config.url });
  }

  /** At start: points the outbox at the saved webhook, or says why it cannot. */
  applyWebhook(): void {
    const url = this.value.webhookUrl;
    const secret = this.deps.vault.get(WEBHOOK_VAULT_KEY)?.webhookSigningSecret;
    if (!url || !secret) return;
    try {
      this.deps.outbox.configure({ url, secret });
    } catch (error) {
      this.deps.bus.notify('warning', undefined, 'Webhook not configured', error instanceof Error ? error.message : String(error));
    }
  }

  sendTestWebhook(): ReturnType<WebhookOutbox['sendTest']> {
    return this.deps.outbox.sendTest();
  }
}
