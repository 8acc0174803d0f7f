// The preload: exposes exactly the typed RendererApi from shared/ipc.ts via contextBridge, built
// from the same name lists the main process registers. ipcRenderer itself is never exposed.
// Incoming events and every call's answer pass the contract's schemas first: whatever the main
// process sends, only contract-shaped values reach the dashboard's state.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { INVOKE_NAMES, channelOf, subscriptionName, type RendererApi } from '../shared/ipc.js';
import { checkAnswer } from '../shared/ipc-answers.js';
import { EVENT_NAMES, createEventGate } from '../shared/ipc-events.js';

const gate = createEventGate();
const api: Record<string, unknown> = {};
for (const name of INVOKE_NAMES) {
  api[name] = async (request?: unknown) => checkAnswer(name, await ipcRenderer.invoke(channelOf(name), request));
}
for (const event of EVENT_NAMES) {
  api[subscriptionName(event)] = (listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => {
      const accepted = gate.accept(event, payload);
      if (accepted) listener(accepted.payload);
    };
    ipcRenderer.on(channelOf(event), wrapped);
    return () => ipcRenderer.removeListener(channelOf(event), wrapped);
  };
}

contextBridge.exposeInMainWorld('tokentray', api as RendererApi);
