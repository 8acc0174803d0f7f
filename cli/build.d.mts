import type { Metafile } from 'esbuild';

export const CLI_OUT_DIR: string;
export function buildCli(): Promise<{ outDir: string; files: string[]; metafile: Metafile }>;
