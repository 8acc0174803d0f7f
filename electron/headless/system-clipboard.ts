// The system clipboard for the Node entry (browser dashboard), through clipboardy: pbcopy on
// macOS, the Windows clipboard, wl-clipboard on Wayland, xsel on X11. Writes are synchronous so a
// refusal reaches the caller (which then shows the `tokentray token` command instead). Where no
// desktop session exists (SSH, containers, CI) there is no clipboard to reach: answer undefined.

import type { ClipboardPort } from '../services/clipboard-guard.js';

export async function systemClipboard(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): Promise<ClipboardPort | undefined> {
  if (env.TOKENTRAY_NO_CLIPBOARD === '1') return undefined;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  try {
    const { default: clipboardy } = await import('clipboardy');
    return {
      writeText: (text) => {
        try {
          clipboardy.writeSync(text);
        } catch (error) {
          // A failed copy must reach the caller; a failed clear (from a timer) must not crash us.
          if (text !== '') throw error;
        }
      },
      readText: () => {
        try {
          return clipboardy.readSync();
        } catch {
          return ''; // unreadable counts as "changed since we copied": never clear what we cannot see
        }
      },
    };
  } catch {
    return undefined;
  }
}
