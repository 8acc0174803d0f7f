// What `npm test` needs from the machine besides node_modules, checked before anything runs so a
// fresh machine gets one line with the exact install command instead of suites failing to start.
// Each entry says where it is looked for and which Debian package provides it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** @typedef {{ tool: string, neededBy: string, debianPackage: string, found: (env: NodeJS.ProcessEnv) => boolean }} Prerequisite */

/** True when `command` is an executable file in one of PATH's folders. */
export function onPath(command, env) {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).some((dir) => isExecutable(join(dir, command)));
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @type {Prerequisite[]} */
export const PREREQUISITES = [
  // The renderer suites launch this exact binary (tests/support/dashboard-harness.ts), not one on PATH.
  { tool: 'chromium', neededBy: 'the renderer tests', debianPackage: 'chromium', found: (env) => isExecutable(env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  { tool: 'openssl', neededBy: 'the proxy and CA tests', debianPackage: 'openssl', found: (env) => onPath('openssl', env) },
  // The keyring tests start a private session bus and an unlocked gnome-keyring-daemon of their own.
  { tool: 'dbus-run-session', neededBy: 'the keyring tests', debianPackage: 'dbus', found: (env) => onPath('dbus-run-session', env) },
  { tool: 'gnome-keyring-daemon', neededBy: 'the keyring tests', debianPackage: 'gnome-keyring', found: (env) => onPath('gnome-keyring-daemon', env) },
  { tool: 'secret-tool', neededBy: 'the keyring tests', debianPackage: 'libsecret-tools', found: (env) => onPath('secret-tool', env) },
  // The CLI's documented examples and export lines are run in real shells besides bash and dash.
  { tool: 'fish', neededBy: 'the CLI shell tests', debianPackage: 'fish', found: (env) => onPath('fish', env) },
  { tool: 'zsh', neededBy: 'the CLI shell tests', debianPackage: 'zsh', found: (env) => onPath('zsh', env) },
];

/** The prerequisites this environment lacks (empty when everything is there). */
export function missingPrerequisites(env = process.env, prerequisites = PREREQUISITES) {
  return prerequisites.filter((prerequisite) => !prerequisite.found(env));
}

/** One line naming what is missing, what needs it, and the one command that installs all of it. */
export function installAdvice(missing) {
  const packages = [...new Set(missing.map((item) => item.debianPackage))];
  const what = missing.map((item) => `${item.tool} (${item.neededBy})`).join(', ');
  return `npm test needs ${what}; install with: sudo apt-get install -y ${packages.join(' ')}`;
}
