export const root: string;
export const TARGETS: Record<'renderer' | 'electron' | 'node', { inputs: string[]; outputs: string[]; stamp: string; run: () => Promise<void> }>;
export function inputHash(target: keyof typeof TARGETS): string;
export function isUpToDate(target: keyof typeof TARGETS): boolean;
export function buildIfChanged(targets: (keyof typeof TARGETS)[], options?: { force?: boolean; log?: (line: string) => void }): Promise<string[]>;
