// The reliability suite as one function, so `npm run reliability` (full sizes) and the CI-sized
// test inside `npm test` run exactly the same code and print the same figures.
import { runFaultRefreshes, type FaultRunResult } from './fault-refreshes.js';
import { FUZZ_CLASSES, fuzzClass, type FuzzClass, type FuzzClassResult } from './fuzz.js';
import { runKillRestart, type KillRestartResult } from './kill-restart.js';

export interface SuiteSizes {
  kills: number;
  faultRefreshes: number;
  fuzzCases: number;
}

export const FULL_SIZES: SuiteSizes = { kills: 200, faultRefreshes: 10_000, fuzzCases: 10_000 };
export const CI_SIZES: SuiteSizes = { kills: 20, faultRefreshes: 500, fuzzCases: 1_000 };

export interface SuiteReport {
  sizes: SuiteSizes;
  kills: KillRestartResult;
  faults: FaultRunResult;
  fuzz: Record<FuzzClass, FuzzClassResult>;
  wallMs: number;
}

export async function runSuite(sizes: SuiteSizes, log: (line: string) => void = () => {}): Promise<SuiteReport> {
  const started = Date.now();
  log(`kill -9 during a refresh loop, ${sizes.kills} runs…`);
  const kills = await runKillRestart(sizes.kills);
  log(`${sizes.faultRefreshes} refreshes with random faults…`);
  const faults = await runFaultRefreshes(sizes.faultRefreshes);
  const fuzz = {} as Record<FuzzClass, FuzzClassResult>;
  for (const kind of FUZZ_CLASSES) {
    log(`fuzzing ${kind}, ${sizes.fuzzCases} cases…`);
    fuzz[kind] = await fuzzClass(kind, sizes.fuzzCases);
  }
  return { sizes, kills, faults, fuzz, wallMs: Date.now() - started };
}

/** The figures the issue names, as lines for a terminal. */
export function formatReport(report: SuiteReport): string {
  const { kills, faults, fuzz } = report;
  const lines = [
    `TokenTray reliability suite (${Math.round(report.wallMs / 1000)} s, one run)`,
    '',
    `kill -9 at random points of a refresh loop, restart each time: ${kills.runs} runs`,
    `  recovered (restart refreshed from the stored token): ${kills.recovered}`,
    `  failed inside the unavoidable request→fsync window:  ${kills.failedInsideWindow}`,
    `  failed, other (target 0):                            ${kills.failedOther}`,
    `  kills landed: ${Object.entries(kills.killedIn).map(([k, n]) => `${({ R: 'starting', S: 'request out', W: 'writing', D: 'stored' } as Record<string, string>)[k] ?? k} ${n}`).join(', ')}; temp files left after reopening: ${kills.leftoverTempFiles}`,
    ...kills.otherDetails.slice(0, 5).map((d) => `    ${d}`),
    '',
    `${faults.refreshes} refreshes against the sandbox with random faults (${faults.attempts} attempts, ${Math.round(faults.wallMs / 1000)} s)`,
    `  faults: ${Object.entries(faults.faultsInjected).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  succeeded ${faults.succeeded}; deferred to a later retry with the token kept ${faults.deferred}`,
    `  crashes (target 0):                          ${faults.crashes}`,
    `  tokens lost outside the window (target 0):  ${faults.lostOutsideWindow}`,
    `  tokens lost inside the window (server rotated, answer lost or too late): ${faults.lostInsideWindow}; attempts that timed out: ${faults.timeouts}`,
    `  longest backoff: ${(faults.longestBackoffMs / 1000).toFixed(1)} s (bounded by the Retry-After cap)`,
    ...faults.details.slice(0, 5).map((d) => `    ${d}`),
    '',
    `fuzzed inputs, ${report.sizes.fuzzCases} per class: uncaught / hangs (target 0 each), accepted, rejected with a clear message, rejected silently`,
    ...FUZZ_CLASSES.map((kind) => {
      const r = fuzz[kind];
      return `  ${kind.padEnd(16)} uncaught ${r.uncaught}, hangs ${r.hangs}, accepted ${r.accepted}, clear message ${r.rejectedWithClearMessage}, silent ${r.rejectedSilently}`;
    }),
    ...FUZZ_CLASSES.flatMap((kind) => fuzz[kind].examples.map((e) => `    ${kind}: ${e}`)),
  ];
  return lines.join('\n');
}
