// Per-consumer figures for `gateway list` and the dashboard: requests, statuses that matter
// (401 and 429 seen upstream), latency, requests in the last minute, last use. Counters only:
// never a body, a token or a key.

export interface ConsumerFigures {
  requests: number;
  lastUsedAt: number | null;
  requestsLastMinute: number;
  byStatusClass: Record<'2xx' | '3xx' | '4xx' | '5xx', number>;
  /** Upstream 401s (each answered by one refresh and one retry) and 429s (waited out). */
  upstream401: number;
  upstream429: number;
  /** Refused by the gateway itself (bad key, allowlist, read-only, path). */
  refused: number;
  p50Ms: number | null;
}

const LATENCY_SAMPLES = 256;

class Figures {
  requests = 0;
  lastUsedAt: number | null = null;
  byStatusClass = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  upstream401 = 0;
  upstream429 = 0;
  refused = 0;
  /** One counter per second of the last minute, as a ring. */
  private readonly seconds = new Array<number>(60).fill(0);
  private secondsAt = new Array<number>(60).fill(0);
  private readonly latencies: number[] = [];

  record(now: number, status: number, ms: number): void {
    this.requests += 1;
    this.lastUsedAt = now;
    const cls = status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : '2xx';
    this.byStatusClass[cls] += 1;
    const second = Math.floor(now / 1000);
    const slot = second % 60;
    if (this.secondsAt[slot] !== second) {
      this.secondsAt[slot] = second;
      this.seconds[slot] = 0;
    }
    this.seconds[slot] = (this.seconds[slot] ?? 0) + 1;
    if (this.latencies.length >= LATENCY_SAMPLES) this.latencies.shift();
    this.latencies.push(ms);
  }

  view(now: number): ConsumerFigures {
    const second = Math.floor(now / 1000);
    let lastMinute = 0;
    for (let i = 0; i < 60; i += 1) if (second - (this.secondsAt[i] ?? 0) < 60) lastMinute += this.seconds[i] ?? 0;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests: this.requests,
      lastUsedAt: this.lastUsedAt,
      requestsLastMinute: lastMinute,
      byStatusClass: { ...this.byStatusClass },
      upstream401: this.upstream401,
      upstream429: this.upstream429,
      refused: this.refused,
      p50Ms: sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? null) : null,
    };
  }
}

export class ConsumerMetrics {
  private readonly figures = new Map<string, Figures>();

  constructor(private readonly now: () => number = Date.now) {}

  private of(consumer: string): Figures {
    let figures = this.figures.get(consumer);
    if (!figures) {
      figures = new Figures();
      this.figures.set(consumer, figures);
    }
    return figures;
  }

  answered(consumer: string, status: number, ms: number): void {
    this.of(consumer).record(this.now(), status, ms);
  }

  refused(consumer: string): void {
    this.of(consumer).refused += 1;
  }

  upstream(consumer: string, status: 401 | 429): void {
    const figures = this.of(consumer);
    if (status === 401) figures.upstream401 += 1;
    else figures.upstream429 += 1;
  }

  view(consumer: string): ConsumerFigures {
    return this.of(consumer).view(this.now());
  }

  forget(consumer: string): void {
    this.figures.delete(consumer);
  }
}
