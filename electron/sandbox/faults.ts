// Switchable faults for the sandbox, so tests and demos can see TokenTray handle a server that
// rate-limits, fails, stalls or answers nonsense.

export type SandboxFault =
  | { kind: 'rate_limit'; retryAfter: { seconds: number; httpDate?: boolean }; times?: number }
  | { kind: 'server_error'; status?: 500 | 502 | 503; times?: number }
  | { kind: 'slow'; delayMs: number; times?: number }
  | { kind: 'malformed_json'; times?: number }
  | { kind: 'invalid_grant'; times?: number }
  | { kind: 'authorize_error'; error: 'access_denied' | 'server_error'; times?: number };

export class SandboxFaults {
  private fault: SandboxFault | undefined;
  private remaining = Infinity;

  set(fault: SandboxFault): void {
    this.fault = fault;
    this.remaining = fault.times ?? Infinity;
  }

  clear(): void {
    this.fault = undefined;
  }

  current(): SandboxFault | undefined {
    return this.fault;
  }

  /** Takes the fault for one request of the given family, counting down `times`. */
  take(family: 'token' | 'authorize'): SandboxFault | undefined {
    const fault = this.fault;
    if (!fault) return undefined;
    if ((fault.kind === 'authorize_error') !== (family === 'authorize')) return undefined;
    this.remaining -= 1;
    if (this.remaining <= 0) this.fault = undefined;
    return fault;
  }
}
