// One shared clock for every countdown. Only the components that show a ticking value subscribe,
// so a tick re-renders 50 small countdowns, not 50 cards or the whole app.

import { useEffect, useReducer, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => current);
}

/** True while `deadline` is in the future; re-renders once when it passes (no per-second ticking). */
export function useStillBefore(deadline: number | undefined): boolean {
  const [, passed] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (deadline === undefined) return;
    const left = deadline - Date.now();
    if (left <= 0) return;
    const t = setTimeout(passed, left + 20);
    return () => clearTimeout(t);
  }, [deadline]);
  return deadline !== undefined && deadline > Date.now();
}
