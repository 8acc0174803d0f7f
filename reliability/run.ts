// `npm run reliability`: the full-size suite (200 kills, 10,000 faulted refreshes, 10,000 fuzz
// cases per class, 2,000 model-based session runs), printing the figures measured in this one run.
// `--ci` runs the CI sizes.
import { spawnSync } from 'node:child_process';
import { CI_SIZES, FULL_SIZES, formatReport, runSuite } from './suite.js';

const sizes = process.argv.includes('--ci') ? CI_SIZES : FULL_SIZES;
const report = await runSuite(sizes, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${formatReport(report)}\n`);
const fuzzBad = Object.values(report.fuzz).reduce((n, r) => n + r.uncaught + r.hangs, 0);
const bad = report.kills.failedOther + report.faults.crashes + report.faults.lostOutsideWindow + fuzzBad;
// The model-based session test at full size: thousands of random sequences of sign-outs, edits,
// pastes, faults, sleeps, stalls and restarts on a virtual clock (the seed is printed on failure).
const modelRuns = process.argv.includes('--ci') ? '100' : '2000';
process.stderr.write(`model-based session test, ${modelRuns} runs…\n`);
const model = spawnSync('npx', ['vitest', 'run', 'tests/integration/engine/session-model.test.ts', '--testTimeout=3600000'], { stdio: 'inherit', env: { ...process.env, TOKENTRAY_MODEL_RUNS: modelRuns } });
process.exit(bad === 0 && model.status === 0 ? 0 : 1);
