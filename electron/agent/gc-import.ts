// Imports profiles from the Genesys Cloud CLI's `~/.gc/config.toml`: one TOML table per gc
// profile, with the field names gc itself reads: `environment` (a region such as `us-east-1` or a
// domain such as `mypurecloud.ie`), `client_credentials` (the client id), `client_secret`,
// `grant_type` ("0" none, "1" client credentials, "2" implicit, "3" PKCE), `redirect_uri`,
// `access_token`, `oauth_token_data`, `gateway_*`, `proxy_*`. Secrets go straight into the vault
// through the engine; gc's stored tokens are never copied. Reports what was imported and skipped.

import { readFile, stat } from 'node:fs/promises';
import { parse } from 'smol-toml';
import type { GcImportReport } from '../../shared/agent-protocol.js';
import type { TokenEngine } from '../engine/index.js';
import { AgentError } from './agent-error.js';

/** gc writes a few hundred bytes per profile: these bounds leave room for hundreds of orgs and keep an import quick. */
export const MAX_GC_FILE_BYTES = 256 * 1024;
export const MAX_GC_PROFILES = 200;
const GC_DEFAULT_ENVIRONMENT = 'mypurecloud.com';

type Candidate = { ok: true; input: Record<string, string>; notes: string[] } | { ok: false; reason: string };

export async function importGcConfig(engine: TokenEngine, file: string): Promise<GcImportReport> {
  const tables = await readGcConfig(file);
  const report: GcImportReport = { file, imported: [], skipped: [] };
  for (const [gcProfile, table] of Object.entries(tables)) {
    const candidate = candidateFrom(gcProfile, table);
    if (!candidate.ok) {
      report.skipped.push({ gcProfile, reason: candidate.reason });
      continue;
    }
    const name = candidate.input.name ?? gcProfile;
    if (engine.profiles().some((p) => p.name.toLowerCase() === name.toLowerCase())) {
      report.skipped.push({ gcProfile, reason: `a TokenTray profile named "${name}" already exists; rename or remove it first.` });
      continue;
    }
    const added = await engine.addProfile(candidate.input);
    if (!added.ok) {
      report.skipped.push({ gcProfile, reason: added.problems.map((p) => `${p.field}: ${p.message}`).join(' ') });
      continue;
    }
    const { profile } = added;
    report.imported.push({
      gcProfile,
      id: profile.id,
      name: profile.name,
      grant: profile.grant,
      region: profile.provider.kind === 'genesys' ? profile.provider.domain : profile.provider.issuer,
      notes: candidate.notes,
    });
  }
  return report;
}

export async function readGcConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new AgentError('config', `${file} is not a file. Give the path of gc's config.toml (usually ~/.gc/config.toml).`);
    if (info.size > MAX_GC_FILE_BYTES) throw new AgentError('config', `${file} is ${info.size} bytes, more than the ${MAX_GC_FILE_BYTES} tokentray imports at once (a gc config.toml is a few hundred bytes per profile). Check the path, or split the file and import the parts.`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof AgentError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AgentError('config', `There is no gc configuration at ${file}. Create one with \`gc profiles new\`, or give the file's path: tokentray import gc PATH.`);
    throw new AgentError('config', `TokenTray could not read ${file} (${code ?? 'read error'}). Check the path and its permissions.`);
  }
  let tables: Record<string, unknown>;
  try {
    tables = parse(text) as Record<string, unknown>;
  } catch (error) {
    // smol-toml's message names the line and column; it quotes the offending line, which may hold a secret, so keep the first line only.
    const where = error instanceof Error ? error.message.split('\n')[0] : 'invalid TOML';
    throw new AgentError('config', `${file} is not valid TOML (${where}). Fix it with \`gc profiles\` or a text editor, then import again.`);
  }
  const count = Object.keys(tables).length;
  if (count > MAX_GC_PROFILES) throw new AgentError('config', `${file} has ${count} profiles; tokentray imports at most ${MAX_GC_PROFILES} at once. Split the file (keep the profiles you use with TokenTray) and import the parts.`);
  return tables;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined);

function candidateFrom(gcProfile: string, value: unknown): Candidate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `"${gcProfile}" is a top-level setting, not a gc profile table.` };
  }
  const table = value as Record<string, unknown>;
  const environment = text(table.environment) ?? GC_DEFAULT_ENVIRONMENT;
  if (environment === 'localhost') return { ok: false, reason: 'it points at localhost (a gc development setting), not a Genesys Cloud region.' };
  const clientId = text(table.client_credentials);
  const clientSecret = text(table.client_secret);
  const grantType = text(table.grant_type) ?? (clientSecret ? '1' : '0');
  const notes: string[] = [];
  if (text(table.access_token) || text(table.oauth_token_data)) notes.push("gc's stored access token was not copied; TokenTray gets its own.");
  if (text(table.gateway_host)) notes.push(`gc used a gateway (${text(table.gateway_protocol) ?? 'https'}://${text(table.gateway_host)}${text(table.gateway_port) ? `:${text(table.gateway_port)}` : ''}); set the login and API base URLs in the profile.`);
  if (text(table.proxy_host)) notes.push('gc\'s proxy settings were not imported.');
  const base = { name: `gc ${gcProfile}`, provider: 'genesys', region: environment };

  switch (grantType) {
    case '1':
      if (!clientId || !clientSecret) return { ok: false, reason: 'a client-credentials profile needs both client_credentials (the client id) and client_secret.' };
      return { ok: true, input: { ...base, grant: 'client_credentials', clientId, clientSecret }, notes };
    case '3': {
      if (!clientId) return { ok: false, reason: 'a PKCE profile needs client_credentials (the client id).' };
      const redirect = pkceRedirect(text(table.redirect_uri), clientId);
      if (redirect.note) notes.push(redirect.note);
      return { ok: true, input: { ...base, grant: 'pkce', clientId, ...(redirect.uri ? { redirectUri: redirect.uri } : {}) }, notes };
    }
    case '2':
      return { ok: false, reason: 'it uses the implicit grant, which cannot be renewed; create a PKCE or client-credentials OAuth client for TokenTray instead.' };
    case '0':
      return { ok: false, reason: 'it holds only a pasted access token (grant type "None"), which TokenTray cannot renew.' };
    default:
      return { ok: false, reason: `its grant_type "${grantType}" is not one gc writes ("0" to "3").` };
  }
}

/**
 * gc listens on `http://localhost:<port>`, port 0 meaning "any". TokenTray listens on the loopback IP
 * literal only ("localhost" may resolve elsewhere, RFC 8252 §8.3), so a localhost URI becomes
 * `http://127.0.0.1:<port>`, and the note says the exact URI to register on the OAuth client.
 */
function pkceRedirect(uri: string | undefined, clientId: string): { uri?: string; note?: string } {
  if (!uri) return { note: 'no redirect URI in gc: TokenTray uses its default; register it on the OAuth client or change it in the profile.' };
  try {
    const url = new URL(uri);
    if (url.port === '' || url.port === '0') return { note: `gc's redirect URI ${uri} has no fixed port: set the URI registered on the OAuth client in the profile.` };
    if (url.protocol !== 'http:') return { note: `gc's redirect URI ${uri} uses ${url.protocol.replace(':', '')}; TokenTray listens on plain http on loopback: set a registered http URI in the profile.` };
    if (url.hostname === 'localhost') {
      url.hostname = '127.0.0.1';
      return { uri: url.href, note: `gc's redirect URI ${uri} became ${url.href} (TokenTray listens on the loopback address, not "localhost"): add exactly ${url.href} to the redirect URIs of OAuth client ${clientId} in Genesys Cloud before signing in.` };
    }
    return { uri: url.href };
  } catch {
    return { note: `gc's redirect URI "${uri}" is not a URL; set the registered URI in the profile.` };
  }
}
