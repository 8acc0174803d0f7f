// The event half of the dashboard contract: what the main process pushes, one schema per event,
// and the gate every transport's receiving side runs incoming events through. The event names and
// payload types are derived from the schema object, so neither can drift from it.
// Process-neutral like the rest of shared/.

import * as v from 'valibot';
import { NoticeSchema } from './dashboard-schemas.js';
import { AuditEntrySchema, ProfileConfigSchema, ProfileStatusSchema } from './domain-schemas.js';

/** One schema per event; the events' payload types are derived from them. */
export const EVENT_SCHEMAS = {
  status: ProfileStatusSchema,
  profiles: v.array(ProfileConfigSchema),
  audit: AuditEntrySchema,
  notice: NoticeSchema,
};

export type EventContract = { [K in keyof typeof EVENT_SCHEMAS]: v.InferOutput<(typeof EVENT_SCHEMAS)[K]> };

export type EventName = keyof EventContract;

/** The runtime list of events; the IPC channel of an event is `tokentray:<name>`. */
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];

export interface EventOf<K extends EventName> {
  name: K;
  payload: EventContract[K];
}

/** One event as it crosses the boundary: the name tells the payload's type. */
export type DashboardEvent = { [K in EventName]: EventOf<K> }[EventName];

export const eventOf = <K extends EventName>(name: K, payload: EventContract[K]): EventOf<K> => ({ name, payload });

export const isEventName = (name: string): name is EventName => Object.hasOwn(EVENT_SCHEMAS, name);

export type EventCheck = { ok: true; event: DashboardEvent } | { ok: false; reason: string };

/** Checks one incoming event against its schema; the accepted payload is the schema's own copy. */
export function checkEvent(name: string, payload: unknown): EventCheck {
  if (!isEventName(name)) return { ok: false, reason: `"${name.slice(0, 40)}" is not an event of the contract` };
  const result = v.safeParse(EVENT_SCHEMAS[name], payload);
  if (!result.success) return { ok: false, reason: v.summarize(result.issues).slice(0, 600) };
  // The name was checked against the same object the schema came from; TypeScript cannot
  // correlate the two unions, so the pair is asserted here, once.
  return { ok: true, event: { name, payload: result.output } as DashboardEvent };
}

export interface EventGate {
  /** The event when it matches the contract, else undefined (and the console told, once per name). */
  accept(name: string, payload: unknown): DashboardEvent | undefined;
  /** The same for an event whose payload still is JSON text (the browser's event stream). */
  acceptJson(name: string, text: string): DashboardEvent | undefined;
}

/**
 * The receiving side's gate: passes contract-shaped events and drops everything else, telling
 * the console once per event name (a broken or hostile sender must not flood it).
 */
export function createEventGate(report: (message: string) => void = (message) => console.error(message)): EventGate {
  const reported = new Set<string>();
  const drop = (name: string, reason: string): undefined => {
    const key = isEventName(name) ? name : '(unknown event)';
    if (reported.has(key)) return undefined;
    reported.add(key);
    report(`TokenTray dropped a "${name.slice(0, 40)}" event that does not match the dashboard contract: ${reason}. `
      + 'The dashboard keeps what it showed before; later bad events of this kind are dropped without another message. '
      + 'This points to mismatched TokenTray versions or a bug: restart TokenTray, and report it if it happens again.');
    return undefined;
  };
  const accept = (name: string, payload: unknown): DashboardEvent | undefined => {
    const check = checkEvent(name, payload);
    return check.ok ? check.event : drop(name, check.reason);
  };
  return {
    accept,
    acceptJson(name, text) {
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        return drop(name, 'its data is not JSON');
      }
      return accept(name, payload);
    },
  };
}
