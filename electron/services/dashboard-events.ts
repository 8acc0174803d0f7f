// The one translator from engine changes to dashboard events, used by both transports (desktop
// IPC in main.ts, the browser dashboard's event stream in node/dashboard-server.ts). The compiler
// holds it to two promises: every kind of engine change is handled (the `never` default), and
// every event of the contract is produced by some change (the check below the function).

import type { Notice } from '../../shared/dashboard-types.js';
import { eventOf, type DashboardEvent, type EventName } from '../../shared/ipc-events.js';
import type { EngineChange } from '../engine/index.js';

function translate(change: EngineChange) {
  switch (change.type) {
    case 'status':
      return eventOf('status', change.status);
    case 'profiles':
      return eventOf('profiles', change.profiles);
    case 'audit':
      return eventOf('audit', change.entry);
    case 'notice':
      return eventOf('notice', noticeOf(change));
    default:
      return unhandled(change);
  }
}

/** Turns one engine change into the event the dashboard hears. */
export const engineChangeToEvent: (change: EngineChange) => DashboardEvent = translate;

// An event with no engine change behind it would be declared but never sent: fail the build.
type EventsNeverSent = Exclude<EventName, ReturnType<typeof translate>['name']>;
export type _EveryEventIsSent = [EventsNeverSent] extends [never] ? true : { eventsNeverSent: EventsNeverSent };
const _everyEventIsSent: _EveryEventIsSent = true;
void _everyEventIsSent;

/** Exactly the notice's fields: no `type`, and no `profileId` key when there is none. */
function noticeOf(change: Extract<EngineChange, { type: 'notice' }>): Notice {
  return { level: change.level, title: change.title, message: change.message, ...(change.profileId ? { profileId: change.profileId } : {}) };
}

function unhandled(change: never): never {
  throw new Error(`An engine change of an unknown kind reached the dashboard translator: ${JSON.stringify((change as { type?: unknown }).type)}`);
}
