// The browser dashboard's RendererApi: calls are POSTs to the Node entry, events arrive over one
// server-sent-events stream. Same interface as the Electron preload, so the compiler catches drift.

import { EVENT_NAMES, INVOKE_NAMES, subscriptionName, type EventContract, type EventName, type IpcResult, type RendererApi } from '../../../shared/ipc';

export function createBrowserTransport(base = ''): RendererApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const ensureStream = () => {
    if (source) return;
    source = new EventSource(`${base}/api/events`);
    for (const event of EVENT_NAMES) {
      source.addEventListener(event, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of listeners.get(event) ?? []) listener(payload);
      });
    }
  };

  const api: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    api[name] = async (request?: unknown): Promise<IpcResult<unknown>> => {
      try {
        const response = await fetch(`${base}/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ request }),
          credentials: 'same-origin',
        });
        if (!response.ok) return { ok: false, error: { code: `http_${response.status}`, message: (await response.text()) || `The dashboard server answered ${response.status}.` } };
        return (await response.json()) as IpcResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'disconnected', message: 'Lost contact with TokenTray. Is it still running?' } };
      }
    };
  }
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
