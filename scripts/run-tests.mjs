// The one test command (`npm test`): typecheck, lint, every vitest suite (unit, integration,
// renderer in Chromium) and the Electron end-to-end suite, then one closing line summing them all:
// `N passed, N failed`. Exits non-zero when anything failed. It first checks the machine's
// prerequisites (Chromium, openssl, the keyring tools) and stops at once, with the one command
// that installs what is missing, rather than letting suites fail to start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureElectronBinary } from './electron-binary.mjs';
import { installAdvice, missingPrerequisites } from './test-prerequisites.mjs';
import { tallyVitestReport } from './vitest-tally.mjs';

const missing = missingPrerequisites(process.env);
if (missing.length > 0) {
  console.error(installAdvice(missing));
  process.exit(1);
}

let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function check(label, command, args) {
  const status = run(label, command, args);
  if (status === 0) passed += 1;
  else failed += 1;
  console.log(`--- ${label}: ${status === 0 ? 'ok' : 'FAILED'}`);
}

check('typecheck', 'npx', ['tsc', '-p', '.']);
check('lint and layering (eslint, dependency-cruiser)', 'npm', ['run', 'lint']);
check('bundle the Electron main process, preload and Node entry', 'node', ['scripts/build.mjs', 'electron', 'node']);

// The Electron end-to-end suite lives in tests/e2e and runs with the others. Fetch the binary
// here (Electron's installer, progress on the terminal) and say up front whether the suite runs.
const electronBinary = await ensureElectronBinary();
console.log('path' in electronBinary ? `Electron binary found: ${electronBinary.path}` : `Electron end-to-end suite will be skipped: ${electronBinary.missing}.`);

const reportDir = mkdtempSync(join(tmpdir(), 'tokentray-tests-'));
const reportFile = join(reportDir, 'vitest.json');
const vitestStatus = run('vitest (unit, integration, renderer)', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`,
]);
try {
  const tally = tallyVitestReport(JSON.parse(readFileSync(reportFile, 'utf8')));
  passed += tally.passed;
  failed += tally.failed;
  skipped += tally.skipped;
  if (tally.filesNotStarted > 0) console.log(`${tally.filesNotStarted} test file(s) could not start; every test in them counts as failed.`);
  if (vitestStatus !== 0 && tally.failed === 0) failed += 1;
} catch (error) {
  console.error(`Could not read the vitest report (${error instanceof Error ? error.message : String(error)}); counting the run as failed.`);
  failed += 1;
}
rmSync(reportDir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
