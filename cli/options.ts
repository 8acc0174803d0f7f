// The options several commands share, and the one argv fix commander cannot express: `--wait`
// takes an optional number of seconds, so a profile or program name right after it must not be
// swallowed as its value.

import { InvalidArgumentError, Option } from 'commander';

export const DEFAULT_WAIT_SEC = 300;
/** How long the holder of the data folder may take to answer a question that needs no identity provider. */
export const DEFAULT_TIMEOUT_SEC = 5;
const MAX_SECONDS = 7 * 24 * 3600;

export function wholeSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > MAX_SECONDS) throw new InvalidArgumentError(`give whole seconds between 0 and ${MAX_SECONDS}, e.g. 300.`);
  return n;
}

function positiveSeconds(value: string): number {
  const n = wholeSeconds(value);
  if (n === 0) throw new InvalidArgumentError('give at least 1 second, e.g. 5.');
  return n;
}

export const waitOption = () => new Option('--wait [seconds]', `when sign-in is required, wait for you to sign in in TokenTray (default ${DEFAULT_WAIT_SEC} s)`).argParser(wholeSeconds);
export const minValidOption = (fallback: number) => new Option('--min-valid <seconds>', 'the token must stay valid at least this long; refreshed first otherwise').argParser(wholeSeconds).default(fallback);
export const timeoutOption = () => new Option('--timeout <seconds>', `give up when TokenTray does not answer within this many seconds (default TOKENTRAY_TIMEOUT, else ${DEFAULT_TIMEOUT_SEC}; a refresh may take longer while TokenTray keeps answering)`).argParser(positiveSeconds);

/** --timeout's default: TOKENTRAY_TIMEOUT (for slow or crowded machines, set once), else DEFAULT_TIMEOUT_SEC. */
export function defaultTimeoutSec(env: Record<string, string | undefined> = process.env): number | { problem: string } {
  const given = env.TOKENTRAY_TIMEOUT?.trim();
  if (!given) return DEFAULT_TIMEOUT_SEC;
  try {
    return positiveSeconds(given);
  } catch {
    return { problem: `TOKENTRAY_TIMEOUT="${given}" is not a number of seconds: give whole seconds of at least 1, e.g. 10, or unset it.` };
  }
}

/**
 * `--wait` followed by something that is not a number of seconds (the profile in `token --wait
 * prod`, the program in `exec prod --wait terraform`) gets its default spelled out, so commander
 * does not take that word as the option's value. Nothing after `--` is touched.
 */
export function spellOutWaitDefault(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    out.push(arg === '--wait' && next !== undefined && !/^\d+$/.test(next) && !next.startsWith('-') ? `--wait=${DEFAULT_WAIT_SEC}` : arg);
  }
  return out;
}

/** `--wait` as given: absent, bare (the default) or seconds. */
export const waitSeconds = (wait: number | true | undefined): number | undefined => (wait === true ? DEFAULT_WAIT_SEC : wait);

/** The profile named on the command line, else TOKENTRAY_PROFILE. */
export const profileOrDefault = (given: string | undefined): string | undefined => given ?? (process.env.TOKENTRAY_PROFILE || undefined);
