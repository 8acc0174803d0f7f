import { useEffect, useState } from 'react';
import type { AuditEntry, ProfileStatus } from '../../../shared/domain';
import type { Notice } from '../../../shared/ipc';
import { api, unwrap } from './api';

/** Profile statuses, loaded once and kept live by status/profile events. */
export function useStatuses(): { statuses: ProfileStatus[]; error?: string } {
  const [statuses, setStatuses] = useState<ProfileStatus[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    const reload = () => unwrap(api.listProfiles()).then((s) => alive && setStatuses(s), (e: Error) => alive && setError(e.message));
    void reload();
    const offStatus = api.onStatus((status) => setStatuses((list) => {
      const index = list.findIndex((s) => s.profile.id === status.profile.id);
      if (index === -1) return [...list, status];
      const next = [...list];
      next[index] = status;
      return next;
    }));
    const offProfiles = api.onProfiles(() => void reload());
    return () => {
      alive = false;
      offStatus();
      offProfiles();
    };
  }, []);
  return { statuses, ...(error ? { error } : {}) };
}

/** One shared clock for every countdown, ticking once a second. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function useNotices(): [Notice[], (index: number) => void] {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => api.onNotice((notice) => setNotices((list) => [...list.slice(-3), notice])), []);
  return [notices, (index) => setNotices((list) => list.filter((_, i) => i !== index))];
}

export function useAuditFeed(onEntry: (entry: AuditEntry) => void): void {
  useEffect(() => api.onAudit(onEntry), [onEntry]);
}
