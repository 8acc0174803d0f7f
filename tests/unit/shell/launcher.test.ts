// The launcher's pieces that need no download: the one-line reason made from Electron's installer
// report (stack traces dropped, a bare "fetch failed" given its cause), and the build stamps that
// make `npm start` rebuild only when an input changed.

import { describe, expect, it } from 'vitest';
import { inputHash, TARGETS } from '../../../scripts/build.mjs';
import { summarise } from '../../../scripts/electron-binary.mjs';

describe('installer failure summary', () => {
  it('gives the cause of a network failure in one line', () => {
    const report = 'cause: getaddrinfo ENOTFOUND github.com\nTypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (file:///x.js:46:30)\n';
    expect(summarise(report)).toBe('fetch failed (getaddrinfo ENOTFOUND github.com)');
  });

  it('keeps an HTTP error as the installer words it, without the stack', () => {
    const report = 'HTTPError: Response code 404 (Not Found) for http://127.0.0.1:1234/v45.4.1/electron-v45.4.1-linux-x64.zip\n    at FetchDownloader.download (file:///x.js:49:23)\n';
    expect(summarise(report)).toBe('Response code 404 (Not Found) for http://127.0.0.1:1234/v45.4.1/electron-v45.4.1-linux-x64.zip');
  });

  it('says nothing rather than inventing a reason', () => {
    expect(summarise('')).toBe('');
  });
});

describe('build stamps', () => {
  it('hash each target\'s inputs, so a change to the dashboard does not rebuild the main process', () => {
    expect(TARGETS.renderer.inputs).toContain('renderer');
    expect(TARGETS.electron.inputs).not.toContain('renderer');
    expect(TARGETS.node.inputs).not.toContain('renderer');
    expect(inputHash('electron')).toBe(inputHash('electron'));
    expect(inputHash('electron')).not.toBe(inputHash('renderer'));
  });
});
