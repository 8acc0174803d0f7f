// What the CLI can tell about a data folder before it takes the lock and starts an engine there,
// reading only: that the folder or its profiles do not exist (no profiles, exit 5, and nothing
// written), that the profile asked for is unknown (the same answer a running TokenTray gives), and
// that an import file cannot be read (a plain failure, not "TokenTray is not running").

import { readFile } from 'node:fs/promises';
import type { AgentMethod, AgentParams, AgentResponses } from '../../shared/agent-protocol.js';
import { dataFiles } from '../engine/index.js';
import { AgentCallError } from './agent-client.js';
import { readGcConfig } from './gc-import.js';
import { NO_PROFILES_MESSAGE, resolveProfileRef, type NamedProfile } from './profile-ref.js';

export type Preflight<M extends AgentMethod> = { settled: true; answer: AgentResponses[M] } | { settled: false };

export async function preflight<M extends AgentMethod>(dataDir: string, method: M, params: AgentParams<M>): Promise<Preflight<M>> {
  if (method === 'importGc') {
    const { file } = params as AgentParams<'importGc'>;
    await readGcConfig(file).catch((error: unknown) => {
      throw new AgentCallError('config', error instanceof Error ? error.message : String(error));
    });
    return { settled: false };
  }
  const profiles = await peekProfiles(dataDir);
  if (profiles === 'unreadable') return { settled: false }; // the engine sets a damaged file aside and says so
  if (profiles.length === 0) {
    if (method === 'list') return { settled: true, answer: [] as unknown as AgentResponses[M] };
    throw new AgentCallError('no_profiles', NO_PROFILES_MESSAGE);
  }
  const ref = (params as { profile?: string }).profile;
  if (ref !== undefined) {
    const found = resolveProfileRef(profiles, ref);
    if (!found.ok) throw new AgentCallError('unknown_profile', found.message);
  }
  return { settled: false };
}

/** The profiles' ids and names, read without writing anything; [] when the folder or file is absent. */
async function peekProfiles(dataDir: string): Promise<NamedProfile[] | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(dataFiles(dataDir).profiles, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? [] : 'unreadable';
  }
  try {
    const parsed = JSON.parse(text) as { profiles?: unknown };
    if (!Array.isArray(parsed.profiles)) return 'unreadable';
    return parsed.profiles.flatMap((p: unknown) => {
      const { id, name } = (p ?? {}) as { id?: unknown; name?: unknown };
      return typeof id === 'string' && typeof name === 'string' ? [{ id, name }] : [];
    });
  } catch {
    return 'unreadable';
  }
}
