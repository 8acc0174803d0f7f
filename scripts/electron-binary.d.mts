export function electronPackageDir(env?: NodeJS.ProcessEnv): string;
export function findElectronBinary(env?: NodeJS.ProcessEnv): { path: string } | { missing: string };
export const RETRY_HINT: string;
export function ensureElectronBinary(options?: { env?: NodeJS.ProcessEnv; log?: (line: string) => void }): Promise<{ path: string; downloaded: boolean } | { missing: string; downloadFailed?: boolean }>;
export function summarise(report: string): string;
