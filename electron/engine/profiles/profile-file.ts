// Profiles (never their secrets) persisted as JSON for the Node entry; the Electron app may use
// electron-store behind the same shape.

import * as v from 'valibot';
import type { ProfileConfig } from '../../../shared/domain.js';
import { ProfileConfigSchema as StrictProfileConfigSchema } from '../../../shared/domain-schemas.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { sweepTempFiles } from '../storage/sweep-temp.js';
import { readFileIfExists } from '../storage/read-optional.js';
import { setAside } from '../storage/set-aside.js';

// The shared schema of a profile, but stripping unknown top-level keys instead of refusing them:
// saving through it drops anything that is not a ProfileConfig field, secrets included.
export const ProfileConfigSchema = v.object(StrictProfileConfigSchema.entries);

const FileSchema = v.object({ version: v.literal(1), profiles: v.array(ProfileConfigSchema) });

export interface ProfileLoad {
  profiles: ProfileConfig[];
  recovered?: { movedTo: string; reason: string };
}

export class ProfileFile {
  constructor(private readonly file: string, private readonly now: () => number = Date.now) {}

  async load(): Promise<ProfileLoad> {
    await sweepTempFiles(this.file);
    const text = await readFileIfExists(this.file);
    if (text === undefined) return { profiles: [] };
    let reason: string;
    try {
      const parsed = v.safeParse(FileSchema, JSON.parse(text));
      if (parsed.success) return { profiles: parsed.output.profiles };
      reason = `invalid profile file: ${parsed.issues[0].message}`;
    } catch (error) {
      reason = `not JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
    const movedTo = await setAside(this.file, this.now());
    return { profiles: [], recovered: { movedTo, reason } };
  }

  async save(profiles: ProfileConfig[]): Promise<void> {
    // Parsing through the schema strips anything that is not a ProfileConfig field, secrets included.
    const clean = profiles.map((p) => v.parse(ProfileConfigSchema, p));
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, profiles: clean }, null, 2)}\n`, { mode: 0o600 });
  }
}
