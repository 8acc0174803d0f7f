// The gateway's audit trail: one JSON line per request in gateway-audit.jsonl in the data folder:
// time, consumer, profile, method, path template (ids replaced, no query), status, latency and the
// budget left. Never a body, a token or a key. Lines are buffered and appended in batches (at
// thousands of requests a second one write each would be the bottleneck); the file is rotated to
// .1 past a size cap, so it never grows without bound.

import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface GatewayAuditLine {
  at: string;
  consumer: string;
  profile: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  budgetLeft: number | null;
  /** Why the gateway refused or what it did on the way (`refreshed`, `waited-429`), when anything. */
  note?: string;
}

const FLUSH_MS = 500;
const FLUSH_LINES = 2_000;
const MAX_BYTES = 8 * 1024 * 1024;

export const gatewayAuditFile = (dataDir: string): string => join(dataDir, 'gateway-audit.jsonl');

export class GatewayAudit {
  private buffer: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private size: number | undefined;

  constructor(private readonly file: string) {}

  record(line: GatewayAuditLine): void {
    this.buffer.push(JSON.stringify(line));
    if (this.buffer.length >= FLUSH_LINES) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves once it is on disk (failures are swallowed: auditing never stops traffic). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return this.writing;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.writing = this.writing.then(() => this.append(text)).catch(() => {});
    return this.writing;
  }

  private async append(text: string): Promise<void> {
    if (this.size === undefined) {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      this.size = await stat(this.file).then((s) => s.size, () => 0);
    }
    if (this.size + text.length > MAX_BYTES) {
      await rename(this.file, `${this.file}.1`).catch(() => {});
      this.size = 0;
    }
    await appendFile(this.file, text, { mode: 0o600 });
    this.size += Buffer.byteLength(text);
  }
}
