// The reliability suite at CI size (20 kills, 500 faulted refreshes, 1,000 fuzz cases per class):
// the same code as `npm run reliability`, with the targets asserted.
import { describe, expect, it } from 'vitest';
import { CI_SIZES, formatReport, runSuite, type SuiteReport } from '../../reliability/suite.js';

describe('reliability suite (CI size)', () => {
  let report: SuiteReport;

  it('runs kills, faults and fuzz in one run and prints the figures', async () => {
    report = await runSuite(CI_SIZES);
    console.log(formatReport(report));
    expect(report.kills.runs).toBe(CI_SIZES.kills);
  }, 240_000);

  it('kill -9 anywhere in a refresh loop: every failure is inside the unavoidable window', () => {
    expect(report.kills.otherDetails).toEqual([]);
    expect(report.kills.failedOther).toBe(0);
    expect(report.kills.recovered + report.kills.failedInsideWindow).toBe(report.kills.runs);
  });

  it('random faults: no crash, no token lost outside the window, bounded backoff', () => {
    expect(report.faults.details).toEqual([]);
    expect(report.faults.crashes).toBe(0);
    expect(report.faults.lostOutsideWindow).toBe(0);
    expect(report.faults.longestBackoffMs).toBeLessThanOrEqual(60_000);
    expect(report.faults.succeeded).toBeGreaterThan(report.faults.refreshes / 2);
  });

  it('fuzz: no uncaught exception and no hang in any class; rejected input gets a clear message', () => {
    for (const [kind, r] of Object.entries(report.fuzz)) {
      expect({ kind, uncaught: r.uncaught, hangs: r.hangs, examples: r.examples }).toEqual({ kind, uncaught: 0, hangs: 0, examples: [] });
      expect({ kind, silent: r.rejectedSilently }).toEqual({ kind, silent: 0 });
    }
  });
});
