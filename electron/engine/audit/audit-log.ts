// Append-only audit trail in JSON lines, rotated by size (audit.jsonl → audit.1.jsonl → …).
// Every detail passes through redactSecrets, so even a careless caller cannot write a token.

import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { AuditEntry, AuditEventType, ProfileId } from '../../../shared/domain.js';
import { systemClock, type Clock } from '../contracts.js';
import { redactSecrets } from '../logging/redact.js';

const EntrySchema = v.object({
  at: v.string(),
  type: v.string(),
  profileId: v.optional(v.string()),
  detail: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()])),
});

export interface AuditQuery {
  profileId?: ProfileId;
  types?: AuditEventType[];
  limit?: number;
  /** Epoch ms; only entries at or after it. */
  since?: number;
}

export class AuditLog {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(entry: AuditEntry) => void>();
  /** Lines that could not be parsed on the last read (shown as a count, never fatal). */
  malformedLines = 0;

  private constructor(private readonly dir: string, private readonly maxBytes: number, private readonly keepFiles: number, private readonly clock: Clock) {}

  static async open(options: { dir: string; maxBytes?: number; keepFiles?: number; clock?: Clock }): Promise<AuditLog> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    return new AuditLog(options.dir, options.maxBytes ?? 1_000_000, options.keepFiles ?? 5, options.clock ?? systemClock);
  }

  private fileAt(index: number): string {
    return join(this.dir, index === 0 ? 'audit.jsonl' : `audit.${index}.jsonl`);
  }

  append(input: Omit<AuditEntry, 'at'>): Promise<AuditEntry> {
    const entry: AuditEntry = {
      at: new Date(this.clock.now()).toISOString(),
      type: input.type,
      ...(input.profileId ? { profileId: input.profileId } : {}),
      detail: redactSecrets(input.detail) as AuditEntry['detail'],
    };
    const line = `${JSON.stringify(entry)}\n`;
    const job = this.chain.then(async () => {
      await this.rotateIfNeeded(Buffer.byteLength(line));
      await appendFile(this.fileAt(0), line, { mode: 0o600 });
      for (const listener of this.listeners) listener(entry);
      return entry;
    });
    this.chain = job.catch(() => {});
    return job;
  }

  onAppend(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first, across the current and rotated files. */
  async read(query: AuditQuery = {}): Promise<AuditEntry[]> {
    await this.chain;
    const out: AuditEntry[] = [];
    const limit = query.limit ?? 1000;
    this.malformedLines = 0;
    for (let index = 0; index <= this.keepFiles && out.length < limit; index += 1) {
      let text: string;
      try {
        text = await readFile(this.fileAt(index), 'utf8');
      } catch {
        continue;
      }
      const lines = text.split('\n').filter(Boolean).reverse();
      for (const line of lines) {
        const entry = parseLine(line);
        if (!entry) {
          this.malformedLines += 1;
          continue;
        }
        if (query.profileId && entry.profileId !== query.profileId) continue;
        if (query.types && !query.types.includes(entry.type)) continue;
        if (query.since !== undefined && Date.parse(entry.at) < query.since) continue;
        out.push(entry);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  private async rotateIfNeeded(incoming: number): Promise<void> {
    let size = 0;
    try {
      size = (await stat(this.fileAt(0))).size;
    } catch {
      return;
    }
    if (size + incoming <= this.maxBytes) return;
    await rm(this.fileAt(this.keepFiles), { force: true });
    for (let index = this.keepFiles - 1; index >= 0; index -= 1) {
      await rename(this.fileAt(index), this.fileAt(index + 1)).catch(() => {});
    }
  }
}

function parseLine(line: string): AuditEntry | undefined {
  try {
    const parsed = v.safeParse(EntrySchema, JSON.parse(line));
    return parsed.success ? (parsed.output as AuditEntry) : undefined;
  } catch {
    return undefined;
  }
}
