// The preload: exposes exactly the typed RendererApi from shared/ipc.ts via contextBridge, built
// from the same name lists the main process registers. ipcRenderer itself is never exposed.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, INVOKE_NAMES, channelOf, subscriptionName, type RendererApi } from '../shared/ipc.js';

const api: Record<string, unknown> = {};
for (const name of INVOKE_NAMES) {
  api[name] = (request?: unknown) => ipcRenderer.invoke(channelOf(name), request);
}
for (const event of EVENT_NAMES) {
  api[subscriptionName(event)] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channelOf(event), wrapped);
    return () => ipcRenderer.removeListener(channelOf(event), wrapped);
  };
}

contextBridge.exposeInMainWorld('tokentray', api as RendererApi);
