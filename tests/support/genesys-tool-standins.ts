// Stand-ins for `gc` and `terraform` in a temporary bin folder, for tests that run documented
// commands as written. Each reads exactly the variables the real tool reads for a host and a token
// (from their sources: gc calls http://<GENESYSCLOUD_REGION> when the region contains "localhost",
// https://api.<region> otherwise; the Terraform provider validates GENESYSCLOUD_REGION as a region
// key and uses its GENESYSCLOUD_GATEWAY_* block), calls GET /api/v2/users/me and prints
// "<status> <name>", exiting 0 on 200. Plus a `tokentray` that runs this checkout's CLI.

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './cli-harness.js';

export const CALL_USERS_ME = `
const call = async (base, key) => {
  const answer = await fetch(base + '/api/v2/users/me', { headers: { authorization: 'Bearer ' + key } });
  const body = await answer.json().catch(() => ({}));
  console.log(answer.status + ' ' + (body.name ?? body.message ?? ''));
  process.exit(answer.status === 200 ? 0 : 1);
};`;

const GC = `#!/usr/bin/env node
${CALL_USERS_ME}
const region = process.env.GENESYSCLOUD_REGION ?? '';
call(region.includes('localhost') ? 'http://' + region : 'https://api.' + region, process.env.GENESYSCLOUD_ACCESS_TOKEN);
`;

const TERRAFORM = `#!/usr/bin/env node
${CALL_USERS_ME}
const e = process.env;
if (!/^[a-z]{2}-[a-z]+-\\d$/.test(e.GENESYSCLOUD_REGION ?? '')) { console.log('invalid region ' + e.GENESYSCLOUD_REGION); process.exit(2); }
call(e.GENESYSCLOUD_GATEWAY_PROTOCOL + '://' + e.GENESYSCLOUD_GATEWAY_HOST + ':' + e.GENESYSCLOUD_GATEWAY_PORT, e.GENESYSCLOUD_ACCESS_TOKEN);
`;

export interface ToolFolder {
  /** The folder: commands run here, and files they write land here. */
  dir: string;
  /** PATH with the stand-ins first. */
  path: string;
  remove(): void;
}

export function genesysToolStandIns(): ToolFolder {
  const dir = mkdtempSync(join(tmpdir(), 'tt-tools-'));
  mkdirSync(join(dir, 'bin'));
  for (const [name, text] of [['gc', GC], ['terraform', TERRAFORM], ['tokentray', `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`]] as const) {
    writeFileSync(join(dir, 'bin', name), text);
    chmodSync(join(dir, 'bin', name), 0o755);
  }
  return { dir, path: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
