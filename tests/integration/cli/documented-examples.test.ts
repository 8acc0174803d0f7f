// Every example in README.md's "Use from scripts" section and in `tokentray --help` runs as
// written against a running TokenTray (the seeded profile is called `prod`, as in the examples).
// Only the programs are stand-ins: `gc`, `terraform` and `curl` on PATH are small scripts that
// record the token they were given, so the test checks that each one really received a live token.
// bash runs the sh lines (in the clone, with npm's global prefix in a scratch folder); fish runs the
// lines meant for fish (`| source`).

import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { CLI, ROOT, ensureCliBuilt, runCli, seedDataFolder, startApp, type RunningApp, type SeededFolder } from '../../support/cli-harness.js';

let sandbox: SandboxIdp;
let folder: SeededFolder;
let app: RunningApp;
let bin: string;
let home: string;

/** The commands of every example line: comments after `#` dropped, blank lines skipped. */
function exampleCommands(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/\s+#\s.*$/, '').trim()).filter(Boolean);
}

function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use from scripts'), readme.indexOf('\n## ', readme.indexOf('## Use from scripts') + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => exampleCommands(match[1]!));
}

async function helpExamples(): Promise<string[]> {
  const help = (await runCli(['--help'], { dataDir: folder.dataDir })).stdout;
  const block = help.slice(help.indexOf('Examples:\n') + 'Examples:\n'.length);
  return exampleCommands(block.slice(0, block.indexOf('\n\n')));
}

/** A stand-in program: records its name, arguments and the token variables it was given. */
function standIn(name: string): void {
  const file = join(bin, name);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "${name}|$*|$GENESYSCLOUD_ACCESS_TOKEN|$GENESYSCLOUD_REGION" >> "${join(bin, 'calls.log')}"\n`);
  chmodSync(file, 0o755);
}

function run(shell: 'bash' | 'fish', script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home, TOKENTRAY_DATA_DIR: folder.dataDir, SHELL: `/bin/${shell}`, TOKENTRAY_TIMEOUT: '60',
      // README's `npm install -g .` installs into a scratch prefix, never this machine's.
      npm_config_prefix: join(folder.dataDir, 'npm-prefix') };
    delete env.TOKENTRAY_PROFILE;
    delete env.TOKENTRAY_AGENT_SOCKET;
    // In the clone, as README says to run its commands.
    const child = spawn(shell, ['-c', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const calls = (): string[] => {
  try {
    return readFileSync(join(bin, 'calls.log'), 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

beforeAll(async () => {
  await ensureCliBuilt();
  // Tokens that live two hours (Genesys's default is a day), so the examples' --min-valid 3600 needs no cap.
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 7200 });
  folder = await seedDataFolder(sandbox, ['prod']);
  app = await startApp(folder.dataDir);
  bin = join(folder.dataDir, 'bin');
  home = join(folder.dataDir, 'home');
  mkdirSync(bin);
  mkdirSync(join(home, '.gc'), { recursive: true });
  writeFileSync(join(home, '.gc', 'config.toml'), '[DEFAULT]\nenvironment = "mypurecloud.ie"\nclient_credentials = "cc-client"\nclient_secret = "cc-secret"\ngrant_type = "1"\n');
  writeFileSync(join(bin, 'tokentray'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'tokentray'), 0o755);
  for (const program of ['gc', 'terraform', 'curl']) standIn(program);
});
afterAll(async () => {
  await app?.close();
  folder?.remove();
  await sandbox?.close();
});

describe('documented examples', () => {
  it('covers the examples the issue names, in both README and --help', async () => {
    const readme = readmeExamples();
    const help = await helpExamples();
    for (const examples of [readme, help]) {
      expect(examples).toEqual(expect.arrayContaining([
        'tokentray exec prod --min-valid 3600 -- terraform apply',
        'tokentray exec prod --wait -- terraform apply',
        'eval "$(tokentray env prod)"',
        'tokentray env prod --shell fish | source',
        'tokentray import gc',
      ]));
    }
  });

  it('runs every example as written, and each program gets a live token', async () => {
    const examples = [...new Set([...readmeExamples(), ...(await helpExamples())])];
    // Importing adds profiles (and a default-less list order); run it last so the others see only `prod`.
    examples.sort((a, b) => Number(a.includes('import')) - Number(b.includes('import')));
    const failures: string[] = [];
    for (const example of examples) {
      const shell = example.endsWith('| source') ? 'fish' : 'bash';
      const before = calls().length;
      // Lines that set variables in the shell get one probe appended, to see what they set.
      const setsVariables = /^eval |\| source$/.test(example);
      const probe = shell === 'fish' ? '; printf "\\n%s" $TOKENTRAY_ACCESS_TOKEN' : '; printf "\\n%s" "$TOKENTRAY_ACCESS_TOKEN"';
      const result = await run(shell, setsVariables ? `${example}${probe}` : example);
      const problem = (() => {
        if (result.code !== 0) return `exit ${result.code}: ${result.stderr.trim()}`;
        // npm's own notices (install scripts awaiting approval) are npm's, not tokentray's.
        const stderr = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm warn')).join('\n');
        if (stderr) return `stderr: ${stderr}`;
        const program = /^(?:tokentray exec prod .*-- )?(gc|terraform|curl)\b/.exec(example)?.[1];
        if (program) {
          const call = calls().slice(before).find((line) => line.startsWith(`${program}|`));
          if (!call) return `${program} was not run`;
          const token = program === 'curl' ? /Authorization: Bearer (\S+)/.exec(call)?.[1] : call.split('|')[2];
          if (!token || !sandbox.isAccessTokenActive(token)) return `${program} got no live token: ${call}`;
        }
        if (setsVariables && !sandbox.isAccessTokenActive(result.stdout.trim().split('\n').pop() ?? '')) return 'TOKENTRAY_ACCESS_TOKEN not set to a live token';
        return undefined;
      })();
      if (problem) failures.push(`${example}\n    ${problem}`);
    }
    expect(failures).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(15);
    expect(readlinkSync(join(folder.dataDir, 'npm-prefix', 'bin', 'tokentray'))).toMatch(/tokentray\/bin\/tokentray\.mjs$/);
  }, 120_000);

  it('fish is the real fish', () => {
    expect(execFileSync('fish', ['-c', 'echo $FISH_VERSION'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\./);
  });
});
