// `npm run reliability`: the full-size suite (200 kills, 10,000 faulted refreshes, 10,000 fuzz
// cases per class), printing the figures measured in this one run. `--ci` runs the CI sizes.
import { CI_SIZES, FULL_SIZES, formatReport, runSuite } from './suite.js';

const sizes = process.argv.includes('--ci') ? CI_SIZES : FULL_SIZES;
const report = await runSuite(sizes, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${formatReport(report)}\n`);
const fuzzBad = Object.values(report.fuzz).reduce((n, r) => n + r.uncaught + r.hangs, 0);
const bad = report.kills.failedOther + report.faults.crashes + report.faults.lostOutsideWindow + fuzzBad;
process.exit(bad === 0 ? 0 : 1);
