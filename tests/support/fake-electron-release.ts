// A fake Electron release for testing the download-then-launch path without the real binary:
// a loopback "mirror" serving `v<version>/electron-v<version>-<platform>-<arch>.zip` (holding a
// tiny executable script at the path Electron's installer expects) and `v<version>/SHASUMS256.txt`,
// plus a private copy of the electron package for the installer to extract into, so no fake
// binary ever lands in node_modules/electron/dist where `npm test` and `npm start` look.

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';

const root = join(import.meta.dirname, '..', '..');

/** Where Electron's installer puts the executable inside the zip (see its getPlatformPath). */
export function electronPathInZip(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The fake binary: a shell script recording its arguments (one per line) in $FAKE_ELECTRON_ARGS_FILE. */
const FAKE_BINARY = '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$FAKE_ELECTRON_ARGS_FILE"\necho "fake electron ran"\n';

function zipOf(path: string, contents: string): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(contents), path, { mode: 0o100755 });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export interface FakeElectronRelease {
  /** ELECTRON_MIRROR value (ends with a slash). */
  mirror: string;
  /** A copy of node_modules/electron (TOKENTRAY_ELECTRON_DIR) the installer extracts into. */
  packageDir: string;
  /** An empty download cache (electron_config_cache). */
  cacheDir: string;
  /** Paths requested from the mirror, in order. */
  requests: string[];
  /** When true the mirror answers 404 to everything. */
  answer404: boolean;
  /** The environment for scripts/start.mjs: mirror settings set, any inherited Electron settings removed. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startFakeElectronRelease(): Promise<FakeElectronRelease> {
  const electronPkg = join(root, 'node_modules', 'electron');
  const version = (JSON.parse(readFileSync(join(electronPkg, 'package.json'), 'utf8')) as { version: string }).version;
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const zip = await zipOf(electronPathInZip(), FAKE_BINARY);
  const shasums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;

  const work = mkdtempSync(join(tmpdir(), 'tokentray-fake-electron-'));
  const packageDir = join(work, 'electron');
  mkdirSync(packageDir);
  for (const file of ['package.json', 'install.js', 'checksums.json']) copyFileSync(join(electronPkg, file), join(packageDir, file));
  // The copied installer resolves @electron/get and its extractor from the project's node_modules.
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  const cacheDir = join(work, 'cache');
  mkdirSync(cacheDir);

  const requests: string[] = [];
  const release = { answer404: false } as { answer404: boolean };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push(path);
    if (release.answer404) return void res.writeHead(404).end('Not Found');
    if (path === `/v${version}/${zipName}`) return void res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length }).end(zip);
    if (path === `/v${version}/SHASUMS256.txt`) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(shasums);
    res.writeHead(404).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return Object.assign(release, {
    mirror,
    packageDir,
    cacheDir,
    requests,
    env(extra: Record<string, string> = {}) {
      const env: NodeJS.ProcessEnv = {};
      // Settings inherited from npm config or the shell would take precedence over ours.
      for (const [key, value] of Object.entries(process.env)) {
        if (!/^(npm_config_electron|npm_package_config_electron|electron_|ELECTRON_|force_no_cache)/i.test(key)) env[key] = value;
      }
      return {
        ...env,
        ELECTRON_MIRROR: mirror,
        electron_config_cache: cacheDir,
        electron_use_remote_checksums: '1', // check against the mirror's SHASUMS256.txt, not the package's list
        TOKENTRAY_ELECTRON_DIR: packageDir,
        ...extra,
      };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(work, { recursive: true, force: true });
    },
  });
}
