// Picks the transport: the Electron preload's `window.tokentray`, else the browser dashboard's.

import type { IpcErrorCode } from '../../../shared/error-codes';
import type { IpcResult, RendererApi } from '../../../shared/ipc';
import { createBrowserTransport } from './browser-transport';

declare global {
  interface Window {
    tokentray?: RendererApi;
  }
}

export const api: RendererApi = window.tokentray ?? createBrowserTransport();

/** Unwraps an envelope, throwing the server's message so components can show it. */
export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}

export class ApiError extends Error {
  /** One of the closed list in shared/error-codes.ts, so a switch over it is checked by the compiler. */
  constructor(readonly code: IpcErrorCode, message: string) {
    super(message);
  }
}
