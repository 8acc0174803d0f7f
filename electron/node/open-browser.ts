// Opens the system browser for a sign-in from the Node entry: prints the URL (always, since a
// remote or WSL box may have no browser) and asks the desktop to open it where one exists.

import { spawn } from 'node:child_process';

export function openInSystemBrowser(url: string): void {
  console.log(`Sign in by opening this URL in a browser on this machine:\n  ${url}`);
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no desktop: the printed URL is the way
    child.unref();
  } catch {
    // ignore: the URL is printed above
  }
}
