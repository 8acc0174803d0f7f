// How a script names a profile: its id, or its name in any letter case. One rule for the agent and
// for the CLI's checks before it starts an engine, so an unknown profile reads (and exits) the same
// whether or not TokenTray is running.

export interface NamedProfile {
  id: string;
  name: string;
}

export type ProfileRefResult = { ok: true; id: string } | { ok: false; message: string };

export function resolveProfileRef(profiles: readonly NamedProfile[], ref: string): ProfileRefResult {
  const match = profiles.find((p) => p.id === ref) ?? profiles.find((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (match) return { ok: true, id: match.id };
  const known = profiles.map((p) => p.id).join(', ') || 'none';
  return { ok: false, message: `There is no profile "${ref}". Known profiles: ${known}. Run \`tokentray list\` to see them.` };
}

export const NO_PROFILES_MESSAGE = 'TokenTray has no profiles yet. Add one in the dashboard, or import the Genesys CLI\'s with `tokentray import gc`.';
