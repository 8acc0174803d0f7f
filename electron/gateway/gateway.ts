// The gateway as the process that holds the data folder runs it: the key store, the listener
// (started with the first consumer key, on the port kept in gateway.json or a fixed one), one rate
// budget per profile, the audit trail and per-consumer figures. The agent's gateway calls and the
// dashboard go through this object; nothing else reaches the listener's parts.

import { genesysEndpoints, unrefTimers, type Timers } from '../engine/index.js';
import { ConsumerKeyStore, GrantError, type ConsumerView, type GrantRequest } from './consumer-keys.js';
import { ConsumerMetrics, type ConsumerFigures } from './consumer-metrics.js';
import { GatewayAudit, gatewayAuditFile } from './gateway-audit.js';
import { listenGateway, type GatewayListener, type RequestRecord } from './gateway-server.js';
import { TokenBudget, type BudgetClock, type BudgetSnapshot } from './rate-budget.js';
import { GatewayTokens, type GatewayEngine } from './token-source.js';
import { Upstream } from './upstream.js';

export interface GatewayOptions {
  dataDir: string;
  engine: GatewayEngine;
  /** A fixed port (TOKENTRAY_GATEWAY_PORT); otherwise the one kept in gateway.json, or any free one. */
  fixedPort?: number;
  clock?: BudgetClock;
  timers?: Timers;
  /** Something the user should hear about (a consumer burning the budget, a port that moved). */
  onNotice?: (notice: { title: string; message: string; profileId?: string }) => void;
}

export interface ConsumerEntry extends ConsumerView {
  expired: boolean;
  figures: ConsumerFigures;
}

export class Gateway {
  private listener: GatewayListener | undefined;
  private starting: Promise<GatewayListener> | undefined;
  private readonly budgets = new Map<string, TokenBudget>();
  private readonly metrics: ConsumerMetrics;
  private readonly audit: GatewayAudit;
  private readonly tokens: GatewayTokens;
  private readonly upstream: Upstream;
  private readonly clock: BudgetClock;
  private readonly timers: Timers;

  private constructor(private readonly options: GatewayOptions, private readonly keys: ConsumerKeyStore) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.timers = options.timers ?? unrefTimers;
    this.metrics = new ConsumerMetrics(() => this.clock.now());
    this.audit = new GatewayAudit(gatewayAuditFile(options.dataDir));
    this.tokens = new GatewayTokens(options.engine, () => this.clock.now());
    this.upstream = new Upstream({
      tokens: this.tokens,
      budgetFor: (profileId) => this.budgetFor(profileId),
      clock: this.clock,
      timers: this.timers,
      onUpstream: (consumer, status) => this.metrics.upstream(consumer, status),
    });
  }

  /** Opens the key store; starts listening at once when consumer keys exist. */
  static async open(options: GatewayOptions): Promise<Gateway> {
    const gateway = new Gateway(options, await ConsumerKeyStore.open(options.dataDir, () => (options.clock ?? { now: () => Date.now() }).now()));
    if (gateway.keys.hasActiveKeys()) await gateway.ensureListening();
    return gateway;
  }

  /** The URL consumers call (undefined until the first key exists and no port was ever chosen). */
  get url(): string | undefined {
    if (this.listener) return this.listener.url;
    const port = this.options.fixedPort ?? this.keys.port;
    return port ? `http://127.0.0.1:${port}` : undefined;
  }

  get listening(): boolean {
    return this.listener !== undefined;
  }

  async grant(request: GrantRequest): Promise<{ url: string; key: string; view: ConsumerView }> {
    const profile = this.options.engine.profiles().find((p) => p.id === request.profileId);
    if (!profile) throw new GrantError(`There is no profile "${request.profileId}".`);
    if (profile.provider.kind !== 'genesys') throw new GrantError(`${profile.name} is an OpenID Connect profile; the gateway forwards to Genesys Cloud API hosts only.`);
    const granted = await this.keys.grant(request);
    const listener = await this.ensureListening();
    return { url: listener.url, key: granted.key, view: granted.view };
  }

  list(): ConsumerEntry[] {
    const now = this.clock.now();
    return this.keys.list().map((view) => ({ ...view, expired: view.expiresAt <= now, figures: this.metrics.view(view.consumer) }));
  }

  async revoke(consumer: string): Promise<boolean> {
    const revoked = await this.keys.revoke(consumer);
    if (revoked) this.metrics.forget(consumer);
    return revoked;
  }

  /** The shared budget of a profile's token as last seen ("212 of 300 this minute, resets in 18 s"). */
  budget(profileId: string): BudgetSnapshot {
    return this.budgetFor(profileId).snapshot();
  }

  /** The budget of every profile a consumer key spends: what the dashboard and the tray tooltip show. */
  budgetsInUse(): (BudgetSnapshot & { profile: string })[] {
    const profiles = [...new Set(this.keys.list().map((key) => key.profileId))];
    return profiles.map((profile) => ({ profile, ...this.budget(profile) }));
  }

  /** Writes the buffered audit lines now. */
  flushAudit(): Promise<void> {
    return this.audit.flush();
  }

  async close(): Promise<void> {
    for (const budget of this.budgets.values()) budget.close();
    await this.listener?.close();
    this.listener = undefined;
    await this.upstream.close();
    await this.audit.flush();
    this.tokens.close();
  }

  private budgetFor(profileId: string): TokenBudget {
    let budget = this.budgets.get(profileId);
    if (!budget) {
      budget = new TokenBudget({
        clock: this.clock,
        timers: this.timers,
        onBurn: ({ consumer, used, allowed }) => this.options.onNotice?.({
          profileId,
          title: `Gateway: ${consumer} burns the rate budget`,
          message: `Consumer "${consumer}" used ${used} of the ${allowed} requests this minute allows for profile ${profileId}, while other consumers had to wait. Give it its own OAuth client, or slow it down.`,
        }),
      });
      this.budgets.set(profileId, budget);
    }
    return budget;
  }

  private ensureListening(): Promise<GatewayListener> {
    if (this.listener) return Promise.resolve(this.listener);
    this.starting ??= this.startListening().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startListening(): Promise<GatewayListener> {
    const wanted = this.options.fixedPort ?? this.keys.port ?? 0;
    const serverOptions = {
      keys: this.keys,
      upstream: this.upstream,
      apiBaseUrl: (profileId: string) => this.apiBaseUrl(profileId),
      onRequest: (record: RequestRecord) => this.recorded(record),
      onRefused: (consumer: string | undefined) => {
        if (consumer) this.metrics.refused(consumer);
      },
      now: () => this.clock.now(),
    };
    let listener: GatewayListener;
    try {
      listener = await listenGateway(wanted, serverOptions);
    } catch (error) {
      if (this.options.fixedPort !== undefined || wanted === 0) throw new Error(`The gateway cannot listen on 127.0.0.1:${wanted} (${error instanceof Error ? error.message : String(error)}). Free the port or set TOKENTRAY_GATEWAY_PORT to another one.`);
      listener = await listenGateway(0, serverOptions);
      this.options.onNotice?.({ title: 'Gateway moved', message: `Port ${wanted} was taken, so the gateway now listens on ${listener.url}. Consumers configured with the old URL must be updated (or set TOKENTRAY_GATEWAY_PORT to fix a port).` });
    }
    if (this.options.fixedPort === undefined && this.keys.port !== listener.port) await this.keys.setPort(listener.port);
    this.listener = listener;
    return listener;
  }

  private apiBaseUrl(profileId: string): { ok: true; url: string } | { ok: false; message: string } {
    const profile = this.options.engine.profiles().find((p) => p.id === profileId);
    if (!profile) return { ok: false, message: `the profile "${profileId}" of this key no longer exists; revoke the key` };
    if (profile.provider.kind !== 'genesys') return { ok: false, message: `the profile "${profileId}" is not a Genesys Cloud profile` };
    return { ok: true, url: genesysEndpoints(profile.provider).apiBaseUrl };
  }

  private recorded(record: RequestRecord): void {
    this.metrics.answered(record.consumer, record.status, record.ms);
    const left = this.budgets.get(record.profileId)?.snapshot().left;
    this.audit.record({
      at: new Date(this.clock.now()).toISOString(),
      consumer: record.consumer,
      profile: record.profileId,
      method: record.method,
      path: record.pathTemplate,
      status: record.status,
      ms: record.ms,
      budgetLeft: left ?? null,
      ...(record.notes.length ? { note: record.notes.join(',') } : {}),
    });
  }
}
