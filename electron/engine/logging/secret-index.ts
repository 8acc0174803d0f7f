// The secrets a process holds, indexed so that redacting a line costs a few map lookups per
// character of the line, not one search per secret: with 2,000 profiles (8,000 secrets) the naive
// scan made every audit line and log message an O(secrets) search and stalled the event loop for
// seconds. Opaque tokens have no recognisable shape, so this exact list is what finds them.

/** Shorter values are too likely to occur by chance in ordinary text to be replaced safely. */
export const MIN_KNOWN_SECRET_LENGTH = 8;

export class SecretIndex {
  /** First MIN_KNOWN_SECRET_LENGTH characters → the secrets starting with them, with a use count. */
  private readonly byPrefix = new Map<string, Map<string, number>>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_KNOWN_SECRET_LENGTH) return;
    const key = secret.slice(0, MIN_KNOWN_SECRET_LENGTH);
    const bucket = this.byPrefix.get(key) ?? new Map<string, number>();
    bucket.set(secret, (bucket.get(secret) ?? 0) + 1);
    this.byPrefix.set(key, bucket);
  }

  remove(secret: string | undefined): void {
    if (!secret || secret.length < MIN_KNOWN_SECRET_LENGTH) return;
    const key = secret.slice(0, MIN_KNOWN_SECRET_LENGTH);
    const bucket = this.byPrefix.get(key);
    const count = bucket?.get(secret);
    if (!bucket || count === undefined) return;
    if (count > 1) bucket.set(secret, count - 1);
    else bucket.delete(secret);
    if (bucket.size === 0) this.byPrefix.delete(key);
  }

  /** `text` with every known secret replaced by `replacement` (longest match first at each place). */
  redact(text: string, replacement: string): string {
    if (this.byPrefix.size === 0 || text.length < MIN_KNOWN_SECRET_LENGTH) return text;
    let out = '';
    let copiedTo = 0;
    for (let i = 0; i + MIN_KNOWN_SECRET_LENGTH <= text.length; ) {
      const bucket = this.byPrefix.get(text.slice(i, i + MIN_KNOWN_SECRET_LENGTH));
      let match = '';
      if (bucket) for (const secret of bucket.keys()) if (secret.length > match.length && text.startsWith(secret, i)) match = secret;
      if (!match) {
        i += 1;
        continue;
      }
      out += text.slice(copiedTo, i) + replacement;
      i += match.length;
      copiedTo = i;
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }
}
