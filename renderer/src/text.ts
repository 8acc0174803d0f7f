// Text helpers for anything a user or a server typed: never echo a whole long value back, and
// drop the engine's technical prefix (`Profile "(unnamed)", clientId: `) next to a field that
// already says which field it is.

/** At most `max` characters, with an ellipsis and the full length when cut. */
export function clip(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString()} characters)`;
}

/** A field error without the `Profile "<name>", <field>: ` prefix, clipped. */
export function fieldMessage(message: string, field: string): string {
  const marker = `", ${field}: `;
  const at = message.startsWith('Profile "') ? message.indexOf(marker) : -1;
  const text = at === -1 ? message : message.slice(at + marker.length);
  return clip(text.charAt(0).toUpperCase() + text.slice(1), 400);
}

export function errorText(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error), 400);
}
