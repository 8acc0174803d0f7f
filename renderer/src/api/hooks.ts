import { startTransition, useEffect, useState } from 'react';
import type { AuditEntry, ProfileStatus } from '../../../shared/domain';
import type { Notice } from '../../../shared/dashboard-types';
import { api, unwrap } from './api';

/** Profile statuses, loaded once and kept live by status/profile events. */
export function useStatuses(): { statuses: ProfileStatus[]; error?: string } {
  const [statuses, setStatuses] = useState<ProfileStatus[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    // Status events that arrive while a reload is in flight are newer than (or as new as) its
    // answer: they win over it, or a slow reload would put back a state the profile has left
    // (seen under load: a refused secret shown as still refreshing).
    let inFlight = 0;
    const sinceReload = new Map<string, ProfileStatus>();
    const reload = () => {
      inFlight += 1;
      return unwrap(api.listProfiles()).then((list) => {
        if (!alive) return;
        const merged = list.map((s) => sinceReload.get(s.profile.id) ?? s);
        inFlight -= 1;
        if (inFlight === 0) sinceReload.clear();
        // A transition: React renders a long list in slices that yield to the browser, so a
        // reload with 50 profiles never blocks the page for a long task.
        startTransition(() => setStatuses(merged));
      }, (e: Error) => {
        inFlight -= 1;
        if (alive) setError(e.message);
      });
    };
    void reload();
    const offStatus = api.onStatus((status) => {
      if (inFlight > 0) sinceReload.set(status.profile.id, status);
      setStatuses((list) => {
        const index = list.findIndex((s) => s.profile.id === status.profile.id);
        if (index === -1) return [...list, status];
        const next = [...list];
        next[index] = status;
        return next;
      });
    });
    const offProfiles = api.onProfiles(() => void reload());
    return () => {
      alive = false;
      offStatus();
      offProfiles();
    };
  }, []);
  return { statuses, ...(error ? { error } : {}) };
}

export function useNotices(): [Notice[], (index: number) => void] {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => api.onNotice((notice) => setNotices((list) => [...list.slice(-3), notice])), []);
  return [notices, (index) => setNotices((list) => list.filter((_, i) => i !== index))];
}

export function useAuditFeed(onEntry: (entry: AuditEntry) => void): void {
  useEffect(() => api.onAudit(onEntry), [onEntry]);
}
