// Start-up: opens every store in the data folder, picks the profiles (saved, from GENESYS_*
// variables, or the demo set of the demo peer the entry point passed), seeds the vault, and after
// the engine is assembled, tells the user everything start-up had to repair or apply (notices are
// kept for late subscribers).

import type { ProfileConfig } from '../../../shared/domain.js';
import { AuditLog } from '../audit/audit-log.js';
import { dataFiles } from '../config/data-dir.js';
import { SettingsStore, type OpenSettingsBackend } from '../config/settings-store.js';
import type { Clock, Logger } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import { MetricsStore } from '../metrics/metrics-store.js';
import type { DemoPeer, StartDemo } from '../demo-peer.js';
import { bootstrapProfiles, seedVault, type BootstrapResult } from '../profile-bootstrap.js';
import { enforceSecretBindings } from '../profiles/secret-binding.js';
import { ProfileFile } from '../profiles/index.js';
import type { Cipher } from '../vault/cipher.js';
import { Vault } from '../vault/vault.js';
import { WebhookOutbox, type DeliveryResult, type OutageReport } from '../webhook/outbox.js';
import type { EngineBus } from './engine-bus.js';

export interface StartupOptions<Demo extends DemoPeer> {
  dataDir: string;
  cipher: Cipher;
  env: Record<string, string | undefined>;
  clock: Clock;
  logger: Logger;
  /** How settings.json is opened: conf by default; the desktop app passes electron-store. */
  openSettings?: OpenSettingsBackend;
  startDemo?: StartDemo<Demo>;
  fetch?: FetchFunction;
}

export interface OpenedStores<Demo extends DemoPeer = DemoPeer> {
  settings: SettingsStore;
  vault: Vault;
  profileFile: ProfileFile;
  metrics: MetricsStore;
  auditLog: AuditLog;
  outbox: WebhookOutbox;
  profiles: ProfileConfig[];
  boot: BootstrapResult;
  /** The demo peer started because nothing was configured; stopped with the engine. */
  demo: Demo | undefined;
  profilesRecovered: { movedTo: string } | undefined;
  environmentChanges: string[];
  /** Profiles whose stored secrets were saved for another destination, in words (set aside, not used). */
  secretsSetAside: string[];
  /** Points the outbox's delivery reports somewhere once the engine exists. */
  onDelivery(report: (result: DeliveryResult | OutageReport) => void): void;
}

export async function openStores<Demo extends DemoPeer>(options: StartupOptions<Demo>): Promise<OpenedStores<Demo>> {
  const { clock, logger } = options;
  const files = dataFiles(options.dataDir);
  const settings = await SettingsStore.open(options.dataDir, options.openSettings, clock);
  const vault = await Vault.open({ file: files.vault, cipher: options.cipher, persist: settings.current().persistSecretsWithWeakProtection ? 'always' : 'auto', logger, clock });
  const profileFile = new ProfileFile(files.profiles);
  const metrics = await MetricsStore.open({ file: files.metrics, clock });
  const auditLog = await AuditLog.open({ dir: files.auditDir, clock });
  // Delivery results go to the audit log; the engine does not exist yet, so bind late.
  let onDelivery: (result: DeliveryResult | OutageReport) => void = () => {};
  const outbox = await WebhookOutbox.open({ file: files.outbox, clock, logger, ...(options.fetch ? { fetch: options.fetch } : {}), onResult: (result) => onDelivery(result) });

  const loaded = await profileFile.load();
  const { demo, ...boot } = await bootstrapProfiles({ saved: loaded.profiles, env: options.env, ...(options.startDemo ? { startDemo: options.startDemo } : {}) });
  const environmentChanges = [...boot.environmentChanges, ...(await seedVault(vault, boot))];
  // Secrets only ever go where they were stored for: a profiles.json pointed elsewhere gets none.
  // GENESYS_* variables name the destination and its secrets together, so they are bound as given.
  const secretsSetAside = await enforceSecretBindings(vault, boot.profiles, clock.now(), { trustDestinations: boot.source === 'environment' });
  if (boot.saveProfiles) await profileFile.save(boot.profiles.filter((p) => !p.sandbox));
  return {
    settings, vault, profileFile, metrics, auditLog, outbox, boot, demo, environmentChanges, secretsSetAside,
    profiles: boot.profiles,
    profilesRecovered: loaded.recovered,
    onDelivery: (report) => void (onDelivery = report),
  };
}

/** Everything start-up repaired, kept aside or applied, in words; damaged files were set aside, never deleted. */
export async function reportStartup(stores: OpenedStores, cipher: Cipher, bus: EngineBus): Promise<void> {
  const { vault, boot } = stores;
  if (stores.environmentChanges.length > 0) {
    bus.notify('info', undefined, 'Configuration from environment variables applied', `The GENESYS_* variables win over the saved profile: ${stores.environmentChanges.join('; ')}.`);
  }
  for (const message of stores.secretsSetAside) {
    await bus.audit('profile_changed', undefined, { change: 'secrets_set_aside', message });
    bus.notify('warning', undefined, 'Stored secrets kept from a changed profile', message);
  }
  const recovery = vault.recovery();
  if (recovery) {
    await bus.audit('vault_recovered', undefined, { movedTo: recovery.movedTo, reason: recovery.reason, kept: recovery.kept });
    if (recovery.kept) bus.notify('warning', undefined, 'Part of the token store could not be read', `${recovery.reason}; a copy of the file as found was kept as ${recovery.movedTo}. Profiles whose latest tokens were in a damaged record use the ones saved before it, or ask you to sign in again.`);
    else bus.notify('warning', undefined, 'Token store could not be read', `The encrypted token store was set aside as ${recovery.movedTo} (${recovery.reason}). Sign in again to the affected profiles.`);
  }
  const foreign = vault.foreignVault();
  if (foreign) {
    bus.notify('warning', undefined, 'Another token store is in this folder', `${foreign.file} was written by ${foreign.backend}, which this TokenTray cannot decrypt (the desktop app and Node mode encrypt differently). It is kept untouched; its sessions are available when you start the program that wrote it. Here, sign in again or use that program.`);
  }
  const keyNotice = cipher.startupNotice?.();
  if (keyNotice) bus.notify(keyNotice.level, undefined, keyNotice.title, (vault.persistent && keyNotice.messageWhenPersisted) || keyNotice.message);
  const keyRecovery = cipher.keyRecovery?.();
  if (keyRecovery) bus.notify('warning', undefined, 'Encryption key was damaged', `${keyRecovery.reason}; it was set aside as ${keyRecovery.movedTo} and a new key was made. Secrets stored with the old key cannot be read: sign in again.`);
  const settingsRecovery = stores.settings.recoveryNotice();
  if (settingsRecovery) bus.notify('warning', undefined, 'Settings could not be read', settingsRecovery);
  const damaged = [['Profiles', stores.profilesRecovered], ['Latency history', stores.metrics.recovery()], ['Undelivered webhook events', stores.outbox.recovery()]] as const;
  for (const [what, recovered] of damaged) {
    if (recovered) bus.notify('warning', undefined, `${what} could not be read`, `The file was damaged and was set aside as ${recovered.movedTo}; TokenTray started without it.`);
  }
  for (const message of stores.settings.replacedSettings()) bus.notify('warning', undefined, 'A setting was invalid', message);
  for (const problem of boot.environmentProblems) bus.notify('warning', undefined, `Environment variable ${problem.field} is invalid`, problem.message);
}
