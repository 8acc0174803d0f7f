// Registers every dashboard call on ipcMain through one gate (VS Code's validatedIpcMain is the
// model): unknown channels are never registered, senders other than the app's own main frame are
// refused, payloads are validated, and every answer is the ok/error envelope.

import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_NAMES, channelOf, type ApiHandlers, type IpcResult } from '../../shared/ipc.js';
import type { Logger } from '../engine/index.js';
import { dispatchCall } from '../services/dispatch.js';

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>) => boolean;

/** Trusted only when the call comes from the main frame of our window, loaded from our origin. */
export function ownMainFrameOnly(appOrigin: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame) return false;
    try {
      // Not URL.origin: for custom schemes such as app:// it is the opaque "null".
      const url = new URL(frame.url);
      return `${url.protocol}//${url.host}` === appOrigin;
    } catch {
      return false;
    }
  };
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ApiHandlers,
  isTrusted: SenderCheck,
  logger?: Logger,
): () => void {
  for (const name of INVOKE_NAMES) {
    ipcMain.handle(channelOf(name), async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrusted(event)) {
        logger?.warn('refused IPC call from a foreign sender', { call: name });
        return { ok: false, error: { code: 'forbidden_sender', message: 'Calls are accepted only from the TokenTray dashboard window.' } };
      }
      return dispatchCall(handlers, name, payload, logger);
    });
  }
  return () => {
    for (const name of INVOKE_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}
