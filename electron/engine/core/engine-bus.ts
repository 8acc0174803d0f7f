// The one place engine events leave through: change listeners (tray, dashboards, terminal), audit
// lines, webhook events and notices. Every other part of the engine gets this small interface
// instead of calling back into the facade, so no circle forms between the parts.

import type { AuditEntry, AuditEventType, ProfileConfig, ProfileId, ProfileStatus } from '../../../shared/domain.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock, Logger } from '../contracts.js';
import { buildWebhookEvent, type WebhookEventType } from '../webhook/events.js';
import type { DeliveryResult, OutageReport, WebhookOutbox } from '../webhook/outbox.js';

export type EngineChange =
  | { type: 'status'; status: ProfileStatus }
  | { type: 'profiles'; profiles: ProfileConfig[] }
  | { type: 'audit'; entry: AuditEntry }
  | { type: 'notice'; level: 'info' | 'warning'; profileId?: ProfileId; title: string; message: string };

export type WebhookData = Parameters<typeof buildWebhookEvent>[1]['data'];

export class EngineBus {
  private readonly listeners = new Set<(change: EngineChange) => void>();
  /** Notices from start-up, replayed to listeners that subscribe afterwards. */
  private readonly startupNotices: EngineChange[] = [];
  private starting = true;

  constructor(private readonly deps: { auditLog: AuditLog; outbox: WebhookOutbox; clock: Clock; logger: Logger }) {}

  /** Start-up is over: notices from now on are not kept for late subscribers. */
  started(): void {
    this.starting = false;
  }

  subscribe(listener: (change: EngineChange) => void): () => void {
    for (const notice of this.startupNotices) listener(notice);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
  }

  emit(change: EngineChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.deps.logger.warn('engine listener threw', { error: messageOf(error) });
      }
    }
  }

  notify(level: 'info' | 'warning', profileId: ProfileId | undefined, title: string, message: string): void {
    const notice: EngineChange = { type: 'notice', level, ...(profileId ? { profileId } : {}), title, message };
    if (this.starting) this.startupNotices.push(notice);
    this.emit(notice);
  }

  /** An audit line (never fatal: a full disk must not stop refreshing), announced to listeners. */
  async audit(type: AuditEventType, profileId: ProfileId | undefined, detail: AuditEntry['detail']): Promise<void> {
    try {
      await this.auditStrict(type, profileId, detail);
    } catch (error) {
      this.deps.logger.warn('audit append failed', { error: messageOf(error) });
    }
  }

  /** An audit line that must be written: rejects when it cannot be (a token is then not handed out). */
  async auditStrict(type: AuditEventType, profileId: ProfileId | undefined, detail: AuditEntry['detail']): Promise<void> {
    const entry = await this.deps.auditLog.append({ type, profileId, detail });
    this.emit({ type: 'audit', entry });
  }

  /** A signed identity-management event about a profile, queued durably; never carries a token. */
  async webhook(type: WebhookEventType, profile: ProfileConfig, data: WebhookData): Promise<void> {
    try {
      await this.deps.outbox.enqueue(buildWebhookEvent(type, {
        profile: {
          id: profile.id,
          name: profile.name,
          clientId: profile.clientId,
          provider: profile.provider.kind,
          region: profile.provider.kind === 'genesys' ? profile.provider.domain : profile.provider.issuer,
        },
        data,
        occurredAt: new Date(this.deps.clock.now()).toISOString(),
      }));
    } catch (error) {
      this.deps.logger.warn('webhook enqueue failed', { error: messageOf(error) });
    }
  }

  /** One audit row per delivery and per drop, but per receiver outage only one when it starts and one when it ends. */
  auditDelivery(result: DeliveryResult | OutageReport): void {
    if (result.kind === 'delivered') void this.audit('webhook_delivered', undefined, { eventId: result.eventId, httpStatus: result.httpStatus });
    else if (result.kind === 'outage_started') void this.audit('webhook_failed', undefined, { outage: 'started', message: result.message, httpStatus: result.httpStatus ?? null, nextAttemptAt: new Date(result.nextAttemptAt).toISOString() });
    else if (result.kind === 'outage_ended') void this.audit('webhook_delivered', undefined, { outage: 'ended', failedAttempts: result.failedAttempts, outageSec: Math.round((result.endedAt - result.since) / 1000), lastError: result.lastMessage });
    else if (result.kind === 'dropped') void this.audit('webhook_dropped', undefined, { eventId: result.eventId, reason: result.reason });
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
