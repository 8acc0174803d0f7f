// Opens the system browser for a sign-in from the Node entry: prints the URL (always, since a
// remote or WSL box may have no browser) and asks the desktop to open it where one exists. The
// `open` package picks the platform's opener without passing the URL through a shell (on Windows
// `cmd /c start` would split the URL at every `&`).

import open from 'open';
import { guardedOpener } from '../services/external-urls.js';

export const openInSystemBrowser = guardedOpener(async (url) => {
  console.log(`Sign in by opening this URL in a browser on this machine:\n  ${url}`);
  try {
    const child = await open(url, { wait: false });
    child.on('error', () => {}); // no desktop: the printed URL is the way
    child.unref();
  } catch {
    // No opener on this machine (remote or WSL): the printed URL is the way.
  }
});
