// Audit export: CSV (quoted per RFC 4180) and JSON, downloaded through a Blob link.

import type { AuditEntry } from '../../../shared/domain';

export function toCsv(entries: AuditEntry[]): string {
  const keys = [...new Set(entries.flatMap((e) => Object.keys(e.detail)))].sort();
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [['at', 'type', 'profileId', ...keys].join(','), ...entries.map((e) => [e.at, e.type, e.profileId ?? '', ...keys.map((k) => e.detail[k])].map(cell).join(','))].join('\n');
}

export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
