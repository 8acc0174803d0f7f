import type { ProfileSecrets, SecretStore } from '../../electron/engine/contracts.js';

/** In-memory SecretStore whose writes can be delayed or made to fail, to test rotation safety. */
export class MemoryStore implements SecretStore {
  readonly data = new Map<string, ProfileSecrets>();
  /** Log of every completed write, in order. */
  readonly writes: Partial<ProfileSecrets>[] = [];
  writeDelayMs = 0;
  failWrites = false;

  get(id: string): ProfileSecrets | undefined {
    const s = this.data.get(id);
    return s ? { ...s } : undefined;
  }

  /** Honours the SecretStore contract: memory changes at once, the promise settles when "durable". */
  async update(id: string, patch: Partial<ProfileSecrets>): Promise<void> {
    const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.data.set(id, { ...this.data.get(id), ...clean });
    if (this.writeDelayMs) await new Promise((r) => setTimeout(r, this.writeDelayMs));
    if (this.failWrites) throw new Error('disk full');
    this.writes.push(clean);
  }

  async clear(id: string, fields: (keyof ProfileSecrets)[]): Promise<void> {
    const s = { ...this.data.get(id) };
    for (const f of fields) delete s[f];
    this.data.set(id, s);
  }

  async remove(id: string): Promise<void> {
    this.data.delete(id);
  }
}
