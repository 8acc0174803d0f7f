// What `tokentray exec` does once it has the token: runs a program with the token in its environment and steps aside: signals are
// passed on, and the program's exit code (or the signal that ended it) becomes ours.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EXIT } from './exit-codes.js';

/** Passed on to the program. From a terminal, Ctrl-C and Ctrl-\ already reach the whole foreground
 * group, so forwarding them again would deliver them twice (Terraform treats a second interrupt as
 * "stop immediately"); they are forwarded only when we are not attached to a terminal. */
const ALWAYS_FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'];
const TERMINAL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];

export function runWithEnvironment(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    const fromTerminal = Boolean(process.stdin.isTTY);
    const signals = process.platform === 'win32' ? (['SIGINT', 'SIGTERM'] as NodeJS.Signals[]) : [...ALWAYS_FORWARDED, ...TERMINAL_SIGNALS];
    const handlers = new Map<NodeJS.Signals, () => void>();
    for (const signal of signals) {
      const handler = () => {
        if (fromTerminal && TERMINAL_SIGNALS.includes(signal)) return; // the program got it already
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
    const detach = () => handlers.forEach((handler, signal) => process.off(signal, handler));

    child.on('error', (error: NodeJS.ErrnoException) => {
      detach();
      const notFound = error.code === 'ENOENT';
      process.stderr.write(`tokentray: could not run ${command}: ${notFound ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message}\n`);
      resolve(notFound ? 127 : error.code === 'EACCES' ? 126 : EXIT.failure);
    });
    child.on('exit', (code, signal) => {
      detach();
      if (signal) {
        // End the same way, so our caller (a shell, CI) sees the signal, not a made-up code.
        process.kill(process.pid, signal);
        setTimeout(() => resolve(128 + (constants.signals[signal] ?? 1)), 100).unref();
        return;
      }
      resolve(code ?? EXIT.failure);
    });
  });
}
