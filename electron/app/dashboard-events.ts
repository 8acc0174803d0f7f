// Which engine changes the dashboard hears, as (channel, payload) pairs from the IPC contract.

import { EVENT_NAMES, channelOf, type EventContract } from '../../shared/ipc.js';
import type { EngineChange } from '../engine/engine.js';

export function dashboardEventsOf(change: EngineChange): [string, EventContract[keyof EventContract]][] {
  const payload: { [K in keyof EventContract]?: EventContract[K] } = {};
  if (change.type === 'status') payload.status = change.status;
  if (change.type === 'profiles') payload.profiles = change.profiles;
  if (change.type === 'audit') payload.audit = change.entry;
  if (change.type === 'notice') payload.notice = { level: change.level, title: change.title, message: change.message, ...(change.profileId ? { profileId: change.profileId } : {}) };
  return EVENT_NAMES.flatMap((name) => (payload[name] === undefined ? [] : [[channelOf(name), payload[name]] as [string, EventContract[keyof EventContract]]]));
}
