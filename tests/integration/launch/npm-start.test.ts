// `npm start` end to end with a fake Electron release on loopback: the launcher fetches the binary
// through Electron's own installer (mirror settings, empty cache), launches it with the app's
// path, does not fetch again once installed, and falls back to Node mode with one clear line when
// the mirror answers 404. The fake binary lives in a private copy of the electron package.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeElectronRelease, type FakeElectronRelease } from '../../support/fake-electron-release.js';
import { useTempDirs } from '../../support/temp-dir.js';

const root = join(import.meta.dirname, '..', '..', '..');
const startScript = join(root, 'scripts', 'start.mjs');
const tempDir = useTempDirs();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs start.mjs; `until` stops it (SIGTERM) once its stdout matches, for the long-running Node mode. */
function runStart(env: NodeJS.ProcessEnv, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [startScript], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(process.platform === 'win32')('npm start with a fake Electron release', () => {
  let release: FakeElectronRelease | undefined;
  afterEach(async () => {
    await release?.close();
    release = undefined;
  });

  it('downloads the binary through Electron\'s installer, launches it with the app\'s path, and does not fetch it again', async () => {
    release = await startFakeElectronRelease();
    const realPathFileExisted = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
    const argsFile = join(tempDir(), 'args.txt');
    const env = release.env({ FAKE_ELECTRON_ARGS_FILE: argsFile, TOKENTRAY_DATA_DIR: tempDir() });

    const first = await runStart(env);
    expect(first.stderr).not.toMatch(/^\s+at /m);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/fetching the Electron \d+\.\d+\.\d+ binary with Electron's installer/);
    expect(first.stdout).toContain('fake electron ran');
    expect(release.requests).toEqual(expect.arrayContaining([expect.stringMatching(/\/v[\d.]+\/electron-v[\d.]+-\w+-\w+\.zip$/), expect.stringMatching(/\/SHASUMS256\.txt$/)]));
    expect(readFileSync(argsFile, 'utf8').split('\n')[0]).toBe(root);
    expect(readFileSync(join(release.packageDir, 'path.txt'), 'utf8')).toBeTruthy();

    const requestsAfterFirst = release.requests.length;
    const second = await runStart(env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('fetching the Electron');
    expect(second.stdout).not.toMatch(/building/); // nothing changed since the first run's build
    expect(second.stdout).toContain('fake electron ran');
    expect(release.requests).toHaveLength(requestsAfterFirst);
    // The project's own electron package was never touched.
    expect(existsSync(join(root, 'node_modules', 'electron', 'path.txt'))).toBe(realPathFileExisted);
  }, 120_000);

  it('falls back to Node mode with one clear line naming the 404 and how to retry', async () => {
    release = await startFakeElectronRelease();
    release.answer404 = true;
    const env = release.env({ FAKE_ELECTRON_ARGS_FILE: join(tempDir(), 'args.txt'), TOKENTRAY_DATA_DIR: tempDir() });

    const run = await runStart(env, /^Dashboard\b.*http/m);
    const fallback = run.stdout.split('\n').filter((line) => /running under Node/.test(line));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(/the Electron download failed: Response code 404 \(Not Found\) for http:\/\/127\.0\.0\.1:\d+\/v[\d.]+\/electron-v/);
    expect(fallback[0]).toMatch(/Retry with `npm start`/);
    expect(run.stdout).toMatch(/^TokenTray engine running \(profiles from sandbox;/m);
    // Nothing configured: the entry point hands the engine the sandbox as its demo peer.
    expect(run.stdout).toMatch(/^Sandbox identity provider on http:\/\/127\.0\.0\.1:\d+ /m);
    // The installer's stack trace is not shown.
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at /m);
    expect(existsSync(join(release.packageDir, 'path.txt'))).toBe(false);
  }, 120_000);
});
