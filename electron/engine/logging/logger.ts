// A small JSON-lines logger whose every field passes through redactSecrets first.

import type { Logger } from '../contracts.js';
import { redactSecrets, redactString } from './redact.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(options: { level?: LogLevel; sink?: (line: string) => void } = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const safeFields = fields ? (redactSecrets(fields) as Record<string, unknown>) : {};
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg: redactString(msg), ...safeFields }));
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
