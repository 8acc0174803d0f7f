// `npm test` tells the truth on a fresh machine: it stops before anything else with the one
// install command when a prerequisite is missing, and a test file that could not start counts
// every one of its tests as failed (vitest itself lists them as skipped).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installAdvice, missingPrerequisites, PREREQUISITES } from '../../../scripts/test-prerequisites.mjs';
import { tallyVitestReport, type VitestJsonReport } from '../../../scripts/vitest-tally.mjs';
import { useTempDirs } from '../../support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A PATH holding only node, so every other tool on the list is missing. */
function pathWithOnlyNode(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

describe('test prerequisites', () => {
  const tempDir = useTempDirs();

  it('npm test stops at once with one line naming the install command when Chromium is missing', () => {
    const dir = tempDir();
    const result = spawnSync(process.execPath, ['scripts/run-tests.mjs'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: join(dir, 'no-chromium-here') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('npm test needs chromium (the renderer tests); install with: sudo apt-get install -y chromium');
    expect(result.stdout).not.toContain('=== typecheck'); // nothing else ran
  });

  it('names every missing tool and installs their packages in one command', () => {
    const dir = tempDir();
    const env = { PATH: pathWithOnlyNode(dir), CHROMIUM_PATH: join(dir, 'none') };
    const missing = missingPrerequisites(env);
    expect(missing.map((item) => item.tool)).toEqual(PREREQUISITES.map((item) => item.tool));
    expect(installAdvice(missing)).toBe('npm test needs chromium (the renderer tests), openssl (the proxy and CA tests), dbus-run-session (the keyring tests), '
      + 'gnome-keyring-daemon (the keyring tests), secret-tool (the keyring tests), fish (the CLI shell tests), zsh (the CLI shell tests); install with: sudo apt-get install -y chromium openssl dbus gnome-keyring libsecret-tools fish zsh');
  });

  it('finds nothing missing where the tools are installed', () => {
    const dir = tempDir();
    const bin = pathWithOnlyNode(dir);
    for (const tool of ['openssl', 'dbus-run-session', 'gnome-keyring-daemon', 'secret-tool', 'fish', 'zsh']) {
      symlinkSync('/bin/true', join(bin, tool));
    }
    expect(missingPrerequisites({ PATH: bin, CHROMIUM_PATH: '/bin/true' })).toEqual([]);
  });
});

describe('test tally from a real vitest run', () => {
  const tempDir = useTempDirs();

  it('counts every test of a file that could not start as failed, and one for a file with none', () => {
    const dir = tempDir();
    const reportFile = join(dir, 'report.json');
    // Run vitest itself on fixture files (outside the normal include pattern), as npm test does.
    try {
      execFileSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/fixtures/test-command/vitest.config.mjs',
        '--reporter=json', `--outputFile.json=${reportFile}`], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // vitest exits non-zero: the fixtures fail on purpose.
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestJsonReport & { numFailedTests: number };
    expect(report.numFailedTests).toBe(1); // vitest's own count hides the two files that never started
    expect(tallyVitestReport(report)).toEqual({ passed: 1, failed: 1 + 3 + 1, skipped: 1, filesNotStarted: 2 });
  });
});

describe('README quick start', () => {
  it('names the same install command npm test prints', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const command = installAdvice(PREREQUISITES).split('install with: ')[1]!;
    expect(readme).toContain(`Prerequisite (Debian/Ubuntu; \`npm test\` checks first and prints this line for whatever is missing): \`${command}\`.`);
  });
});
