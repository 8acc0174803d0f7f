// What the dashboard knows about the app it talks to (mode, whether it can copy), for any view.

import { createContext, useContext } from 'react';
import type { AppInfo } from '../../shared/dashboard-types';

export const AppInfoContext = createContext<AppInfo | undefined>(undefined);

/** Copy is offered only where the main process has a clipboard (not in a browser dashboard). */
export function useCanCopy(): boolean {
  return useContext(AppInfoContext)?.canCopy ?? false;
}

/** The `tokentray` command for this TokenTray's data folder, as typed in any terminal here. */
export function useCliCommand(): string {
  return useContext(AppInfoContext)?.cliCommand ?? 'tokentray';
}
