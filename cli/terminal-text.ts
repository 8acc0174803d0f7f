// Text from elsewhere (profile names, server messages, file contents) must not drive the terminal:
// escape sequences can retitle windows, rewrite the screen, or hide what follows. Everything the CLI
// prints for people goes through here; tokens and JSON go through their own encoders.

import stripAnsi from 'strip-ansi';

/** Control characters other than newline and tab (C0, DEL, C1), left over once whole sequences are gone. */
const LONE_CONTROLS = /[^\P{Cc}\n\t]/gu;

export function forTerminal(text: string): string {
  return stripAnsi(text).replace(LONE_CONTROLS, '');
}

/** One line of text: newlines and tabs become spaces too (error messages are one line each). */
export const oneLine = (text: string): string => forTerminal(text).replace(/[\n\t]+/g, ' ');

/** JSON for a terminal or a pipe: JSON.stringify escapes C0 controls but leaves DEL and C1 (U+009B is a CSI) raw. */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
