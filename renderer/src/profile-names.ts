// Profile names the dashboard has seen, kept in this browser's storage, so the audit log can
// name (and filter by) profiles that were removed since. Names only: nothing secret.

import type { AuditEntry, ProfileStatus } from '../../shared/domain';

const KEY = 'tokentray.profileNames';

function load(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function rememberNames(statuses: ProfileStatus[], entries: AuditEntry[] = []): Record<string, string> {
  const names = load();
  let changed = false;
  const note = (id: string, name: unknown) => {
    if (typeof name === 'string' && name && names[id] !== name) {
      names[id] = name.slice(0, 64);
      changed = true;
    }
  };
  for (const e of entries) if (e.profileId) note(e.profileId, e.detail.name);
  for (const s of statuses) note(s.profile.id, s.profile.name);
  if (changed) {
    try {
      localStorage.setItem(KEY, JSON.stringify(names));
    } catch {
      // storage full or disabled: names still work for this session
    }
  }
  return names;
}
