// The one test command (`npm test`): typecheck, lint, every vitest suite (unit, integration,
// renderer in Chromium) and the Electron end-to-end suite, then one closing line summing them all:
// `N passed, N failed`. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureElectronBinary } from './electron-binary.mjs';

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
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A suite that fails to load has no tests but must still count as a failure.
  const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  failed += brokenFiles.length;
  if (vitestStatus !== 0 && report.numFailedTests === 0 && brokenFiles.length === 0) failed += 1;
} catch (error) {
  console.error(`Could not read the vitest report (${error instanceof Error ? error.message : String(error)}); counting the run as failed.`);
  failed += 1;
}
rmSync(reportDir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
