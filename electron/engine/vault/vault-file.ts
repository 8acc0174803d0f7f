// The vault's file format. Version 2 is a journal: a clear header line naming the format and the
// cipher backend, then one encrypted record per line. The first record after a compaction holds
// every profile's secrets; each later record holds only the profiles one durable write changed, so
// a refresh appends a few hundred bytes instead of rewriting every profile's secrets (at 2,000
// profiles the full rewrite per write was most of the engine's memory churn). Records carry whole
// entries, never patches: a record that cannot be read costs only the changes it carried, and a
// later record for the same profile supersedes it entirely.
// Version 1 (one JSON envelope around the whole encrypted map) is still read, and rewritten as
// version 2 on the next write.

import * as v from 'valibot';
import type { ProfileId } from '../../../shared/domain.js';
import type { ProfileSecrets } from '../contracts.js';
import type { Cipher } from './cipher.js';

const FORMAT = 'tokentray-vault';

const HeaderSchema = v.object({ format: v.literal(FORMAT), version: v.picklist([1, 2]), backend: v.string() });
const EnvelopeV1Schema = v.object({ format: v.literal(FORMAT), version: v.literal(1), backend: v.string(), data: v.string() });

const EntrySchema = v.object({
  clientSecret: v.optional(v.string()),
  refreshToken: v.optional(v.string()),
  accessToken: v.optional(v.string()),
  accessTokenExpiresAt: v.optional(v.number()),
  accessTokenIssuedAt: v.optional(v.number()),
  grantedScope: v.optional(v.string()),
  idToken: v.optional(v.string()),
  environmentRefreshTokenSha256: v.optional(v.string()),
  boundTo: v.optional(v.string()),
  webhookSigningSecret: v.optional(v.string()),
});
const EntriesV1Schema = v.record(v.string(), EntrySchema);
/** `null`: the profile's secrets were removed. */
const RecordSchema = v.object({ reset: v.boolean(), entries: v.record(v.string(), v.nullable(EntrySchema)) });

export type VaultRecord = v.InferOutput<typeof RecordSchema>;

/** What start-up tells the user about a vault it could not read whole. */
export interface VaultRecovery {
  /** Where the file as found now lies (set aside, or a copy of it). */
  movedTo: string;
  reason: string;
  /** True when the readable records were kept and only the damaged ones were lost. */
  kept: boolean;
}

/** The clear first line of a version-2 vault. */
export function headerLine(backend: string): string {
  return `${JSON.stringify({ format: FORMAT, version: 2, backend })}\n`;
}

/** One encrypted record, as the line appended to the file. */
export function recordLine(cipher: Cipher, record: VaultRecord): string {
  return `${cipher.encrypt(Buffer.from(JSON.stringify(record), 'utf8')).toString('base64')}\n`;
}

/** The backend that wrote a vault file's text, or undefined when the text is no vault at all. */
export function vaultBackendOf(text: string): string | undefined {
  const header = parseHeader(text);
  return header.ok ? header.backend : undefined;
}

export type ReadVault =
  | {
      ok: true;
      entries: Map<ProfileId, ProfileSecrets>;
      /** The cipher backend the file names (a vault read through `alsoReads` names another). */
      backend: string;
      /** The file must be rewritten whole before anything is appended (old format, torn or damaged records). */
      needsCompaction: boolean;
      /** The last record was cut short: a write a crash interrupted, whose caller was never told it was saved. */
      tornTail: boolean;
      /** Records other than a torn tail that could not be read; the rest was kept. */
      damagedRecords: number;
      /** Size of the full first record, and of everything appended after it. */
      baseBytes: number;
      appendedBytes: number;
    }
  | { ok: false; reason: string };

/** What a format's reader finds; `readVault` adds the header's backend. */
type FileRead = Exclude<ReadVault, { ok: true }> | Omit<Extract<ReadVault, { ok: true }>, 'backend'>;

/** Decodes a vault file's text with this cipher; a reason when nothing usable could be read. */
export function readVault(text: string, cipher: Cipher): ReadVault {
  const header = parseHeader(text);
  if (!header.ok) return header;
  const read = header.version === 1 ? readVersion1(text, cipher) : readJournal(text, cipher, header.backend);
  return read.ok ? { ...read, backend: header.backend } : read;
}

function parseHeader(text: string): { ok: true; version: 1 | 2; backend: string } | { ok: false; reason: string } {
  const newline = text.indexOf('\n');
  let parsed: unknown;
  try {
    parsed = JSON.parse(newline === -1 ? text : text.slice(0, newline));
  } catch {
    return { ok: false, reason: 'the file is not valid JSON (damaged or truncated)' };
  }
  const header = v.safeParse(HeaderSchema, parsed);
  return header.success ? { ok: true, version: header.output.version, backend: header.output.backend } : { ok: false, reason: 'the file is not a TokenTray vault' };
}

function undecryptable(cipher: Cipher, writtenWith: string): { ok: false; reason: string } {
  return { ok: false, reason: `it could not be decrypted with the current ${cipher.backend} key (written with ${writtenWith}; the OS keyring may have changed)` };
}

function readVersion1(text: string, cipher: Cipher): FileRead {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the file is not valid JSON (damaged or truncated)' };
  }
  const envelope = v.safeParse(EnvelopeV1Schema, whole);
  if (!envelope.success) return { ok: false, reason: 'the file is not a TokenTray vault' };
  let plain: string;
  try {
    plain = cipher.decrypt(Buffer.from(envelope.output.data, 'base64')).toString('utf8');
  } catch {
    return undecryptable(cipher, envelope.output.backend);
  }
  let secrets: v.SafeParseResult<typeof EntriesV1Schema>;
  try {
    secrets = v.safeParse(EntriesV1Schema, JSON.parse(plain));
  } catch {
    return { ok: false, reason: 'its decrypted contents are not valid JSON' };
  }
  if (!secrets.success) return { ok: false, reason: 'its decrypted contents have an unexpected shape' };
  return { ok: true, entries: new Map(Object.entries(secrets.output)), needsCompaction: true, tornTail: false, damagedRecords: 0, baseBytes: 0, appendedBytes: 0 };
}

function readJournal(text: string, cipher: Cipher, backend: string): FileRead {
  const lines = text.split('\n');
  // A complete file ends with a newline, so the last piece is empty; anything else there is a
  // record whose write a crash cut short. It is used if it still decrypts whole (it may hold a
  // rotated refresh token, and the one before it is spent), and otherwise dropped without fuss.
  const unterminated = lines.pop() ?? '';
  const tornTail = unterminated.length > 0;
  const records = lines.slice(1);
  if (tornTail) records.push(unterminated);
  const entries = new Map<ProfileId, ProfileSecrets>();
  let read = 0;
  let damaged = 0;
  let baseBytes = 0;
  let appendedBytes = 0;
  for (const [index, line] of records.entries()) {
    const record = decodeRecord(line, cipher);
    if (!record) {
      const isTornTail = tornTail && index === records.length - 1;
      if (!isTornTail) damaged += 1;
      continue;
    }
    if (record.reset) entries.clear();
    for (const [profileId, secrets] of Object.entries(record.entries)) {
      if (secrets) entries.set(profileId, secrets);
      else entries.delete(profileId);
    }
    if (read === 0) baseBytes = line.length + 1;
    else appendedBytes += line.length + 1;
    read += 1;
  }
  if (read === 0 && damaged > 0) return undecryptable(cipher, backend);
  return { ok: true, entries, needsCompaction: tornTail || damaged > 0, tornTail, damagedRecords: damaged, baseBytes, appendedBytes };
}

function decodeRecord(line: string, cipher: Cipher): VaultRecord | undefined {
  try {
    const record = v.safeParse(RecordSchema, JSON.parse(cipher.decrypt(Buffer.from(line, 'base64')).toString('utf8')));
    return record.success ? record.output : undefined;
  } catch {
    return undefined;
  }
}
