// Turns vitest's JSON report into passed / failed / skipped counts that tell the truth: a test
// file that could not start (it failed to load, or a beforeAll hook threw, so vitest lists its
// tests as skipped or lists none) counts every one of its tests as failed, at least one per file.

/**
 * @param {{ testResults: { status: string, assertionResults: { status: string }[] }[] }} report
 * @returns {{ passed: number, failed: number, skipped: number, filesNotStarted: number }}
 */
export function tallyVitestReport(report) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let filesNotStarted = 0;
  for (const file of report.testResults) {
    const results = file.assertionResults;
    const ran = results.filter((test) => test.status === 'passed' || test.status === 'failed');
    if (file.status === 'failed' && ran.length === 0) {
      filesNotStarted += 1;
      failed += Math.max(1, results.length);
      continue;
    }
    for (const test of results) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') failed += 1;
      else skipped += 1;
    }
    // A file that failed without a failing test (an afterAll hook threw, say) still failed.
    if (file.status === 'failed' && !results.some((test) => test.status === 'failed')) failed += 1;
  }
  return { passed, failed, skipped, filesNotStarted };
}
