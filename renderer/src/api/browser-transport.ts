// The browser dashboard's RendererApi: calls are POSTs to the Node entry, events arrive over one
// server-sent-events stream read with fetch (EventSource cannot send a header). Same interface as
// the Electron preload, so the compiler catches drift. Like the preload, it checks every event
// against the contract's schemas before any listener sees it, and every answer (checkAnswer):
// whatever a server on this port sends, only contract-shaped values reach the dashboard.
//
// Credentials: the printed link's fragment holds a one-time key. It is read once, removed from the
// address bar, and traded for a session credential kept in sessionStorage (it survives a reload of
// this tab, not another tab) and sent as a header. No cookie: every loopback port would get it.

import { createParser } from 'eventsource-parser';
import { INVOKE_NAMES, SESSION_HEADER, subscriptionName, type IpcError, type IpcResult, type RendererApi } from '../../../shared/ipc';
import { checkAnswer, checkSessionAnswer } from '../../../shared/ipc-answers';
import { EVENT_NAMES, createEventGate, type EventContract, type EventName } from '../../../shared/ipc-events';

const STORAGE_KEY = 'tokentray.session';
const RECONNECT_MS = 2000;

type Session = { ok: true; session: string } | { ok: false; error: IpcError };

export function createBrowserTransport(base = ''): RendererApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const session = establishSession(base);
  let streaming = false;

  const api: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    api[name] = async (request?: unknown): Promise<IpcResult<unknown>> => {
      const current = await session;
      if (!current.ok) return current;
      try {
        const response = await fetch(`${base}/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SESSION_HEADER]: current.session },
          body: JSON.stringify({ request }),
        });
        const answer = await readJson(response);
        return answer.ok ? checkAnswer(name, answer.value) : answer;
      } catch {
        return { ok: false, error: { code: 'disconnected', message: 'Lost contact with TokenTray. Is it still running?' } };
      }
    };
  }

  // Only contract-shaped events reach the listeners (React state); the rest are dropped and
  // reported once per event name, whatever the server sends.
  const gate = createEventGate();
  const dispatch = (name: string, data: string) => {
    const event = gate.acceptJson(name, data);
    if (!event) return;
    for (const listener of listeners.get(event.name) ?? []) listener(event.payload);
  };

  const ensureStream = () => {
    if (streaming) return;
    streaming = true;
    void session.then((current) => {
      if (current.ok) void streamEvents(base, current.session, dispatch);
    });
  };

  for (const event of EVENT_NAMES) {
    api[subscriptionName(event)] = (listener: (payload: EventContract[typeof event]) => void) => {
      ensureStream();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    };
  }
  return api as RendererApi;
}

/** Trades the link's one-time key for a session, or reuses this tab's session after a reload. */
async function establishSession(base: string): Promise<Session> {
  const key = new URLSearchParams(window.location.hash.slice(1)).get('key');
  if (key) {
    // Out of the address bar and history at once, whatever the exchange answers.
    window.history.replaceState(null, '', window.location.pathname);
    try {
      const response = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
      const answer = await readJson(response);
      const result = answer.ok ? checkSessionAnswer(answer.value) : answer;
      if (!result.ok) return result;
      window.sessionStorage.setItem(STORAGE_KEY, result.value);
      return { ok: true, session: result.value };
    } catch {
      return { ok: false, error: { code: 'disconnected', message: 'Could not reach TokenTray. Is it still running?' } };
    }
  }
  const stored = window.sessionStorage.getItem(STORAGE_KEY);
  if (stored) return { ok: true, session: stored };
  return { ok: false, error: { code: 'no_session', message: 'Open the dashboard with the one-time link TokenTray printed in its terminal.' } };
}

/** The body as JSON, or an `http_error` carrying the start of a body that is not JSON (a proxy's page, say). */
async function readJson(response: Response): Promise<IpcResult<unknown>> {
  const text = await response.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: { code: 'http_error', message: `The dashboard server answered ${response.status} with something that is not TokenTray's: ${text.slice(0, 300) || '(empty)'}` } };
  }
}

/** Reads the event stream for as long as the page lives, reconnecting after drops. */
async function streamEvents(base: string, session: string, dispatch: (event: string, data: string) => void): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${base}/api/events`, { headers: { [SESSION_HEADER]: session, accept: 'text/event-stream' }, cache: 'no-store' });
      if (response.status === 401) return; // the session is gone (TokenTray restarted); calls say so
      if (response.ok && response.body) {
        const parser = createParser({ onEvent: (message) => dispatch(message.event ?? 'message', message.data) });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      }
    } catch {
      // Dropped connection: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}
