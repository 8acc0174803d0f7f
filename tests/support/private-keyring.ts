// A private Secret Service for the keyring tests: its own D-Bus session (dbus-run-session with a
// bus configuration that activates nothing, so no keyring daemon of the user's is ever started
// or reached) and, when asked, an unlocked gnome-keyring-daemon whose password arrives on stdin
// and whose keyring files live in a temporary HOME. Child processes reach it only through the
// DBUS_SESSION_BUS_ADDRESS in `env`.

import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// A session bus with no service directories: nothing is activated on demand.
const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;

// Prints the bus address, starts the daemon if asked (password on its stdin), then lives until
// its own stdin closes; dbus-run-session then ends the bus.
const SESSION_SCRIPT = `printf '%s\\n' "$DBUS_SESSION_BUS_ADDRESS"
if [ "$START_KEYRING" = 1 ]; then
  printf '%s' "$KEYRING_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  printf 'daemon %s\\n' "$!"
fi
exec cat >/dev/null`;

export interface PrivateKeyring {
  /** What a child process needs to reach this keyring (and nothing else). */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  /** The folder holding the keyring files; pass it to the next session to simulate a restart. */
  home: string;
  /** Locks the login collection, as a screen lock or a timeout would. */
  lock(): Promise<void>;
  /** `secret-tool lookup`: the secret stored for these attributes, or undefined. */
  lookup(attributes: Record<string, string>): Promise<string | undefined>;
  /** `secret-tool clear`: removes the items with these attributes. */
  clear(attributes: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export const KEYRING_TEST_PASSWORD = 'tokentray-test-keyring';

export async function startPrivateKeyring(options: { daemon: boolean; home?: string }): Promise<PrivateKeyring> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'tt-keyring-'));
  mkdirSync(join(home, 'runtime'), { recursive: true, mode: 0o700 });
  const config = join(home, 'bus.conf');
  writeFileSync(config, BUS_CONFIG);
  const sessionEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_RUNTIME_DIR: join(home, 'runtime'),
    START_KEYRING: options.daemon ? '1' : '0',
    KEYRING_PASSWORD: KEYRING_TEST_PASSWORD,
  };
  const session = spawn('dbus-run-session', ['--config-file', config, '--', 'sh', '-c', SESSION_SCRIPT], { env: sessionEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = await readLines(session, options.daemon ? 2 : 1);
  const address = lines[0]!;
  const daemonPid = options.daemon ? Number(lines[1]!.split(' ')[1]) : undefined;
  const env = { DBUS_SESSION_BUS_ADDRESS: address };
  const tool = (args: string[]) => run(args[0]!, args.slice(1), { env: { ...sessionEnv, ...env } });
  if (options.daemon) await waitForSecretService(tool);
  const attributeArgs = (attributes: Record<string, string>) => Object.entries(attributes).flat();

  return {
    env,
    home,
    lock: async () => {
      await tool(['dbus-send', '--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login']);
    },
    lookup: async (attributes) => {
      try {
        return (await tool(['secret-tool', 'lookup', ...attributeArgs(attributes)])).stdout;
      } catch {
        return undefined; // secret-tool exits 1 when nothing matches
      }
    },
    clear: async (attributes) => {
      await tool(['secret-tool', 'clear', ...attributeArgs(attributes)]);
    },
    stop: async () => {
      if (daemonPid) {
        try {
          process.kill(daemonPid);
        } catch {
          // already gone with its bus
        }
      }
      if (session.exitCode !== null || session.signalCode !== null) return; // stopped before
      const closed = new Promise((resolve) => session.once('close', resolve));
      session.stdin.end();
      await closed;
    },
  };
}

/** Removes a keyring home made by startPrivateKeyring (after its last session stopped). */
export function removeKeyringHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}

function readLines(child: ChildProcessWithoutNullStreams, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const lines = text.split('\n');
      if (lines.length > count) {
        child.stdout.off('data', onData);
        resolve(lines.slice(0, count));
      }
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`dbus-run-session ended (${code}) before it was ready: ${errors.trim()}`)));
  });
}

/** The daemon registers on the bus shortly after it starts; ask the bus until it has. */
async function waitForSecretService(tool: (args: string[]) => Promise<{ stdout: string }>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { stdout } = await tool(['dbus-send', '--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets']);
    if (stdout.includes('boolean true')) return;
  }
  throw new Error('gnome-keyring-daemon did not appear on the private session bus.');
}
