// A consumer key's optional allowlist: rules such as `GET /api/v2/users/**` or `* /api/v2/routing/queues/*`.
// `*` matches one path segment, `**` (last only) any number of them; methods are exact or `*`.
// A read-only key may only GET and HEAD, whatever its allowlist says.

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const READ_METHODS = new Set(['GET', 'HEAD']);

export interface AllowRule {
  method: string;
  segments: string[];
}

/** Parses one rule or says what is wrong with it and how to write it. */
export function parseAllowRule(text: string): { ok: true; rule: AllowRule } | { ok: false; message: string } {
  const example = `write it as METHOD PATH, e.g. 'GET /api/v2/users/**' (METHOD one of ${METHODS.join(', ')} or *; * is one path segment, ** at the end is the rest)`;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(text);
  if (!match) return { ok: false, message: `The allow rule "${text}" is not METHOD PATH: ${example}.` };
  const method = (match[1] ?? '').toUpperCase();
  const path = match[2] ?? '';
  if (method !== '*' && !(METHODS as readonly string[]).includes(method)) return { ok: false, message: `The allow rule "${text}" names the method "${match[1]}": ${example}.` };
  if (!path.toLowerCase().startsWith('/api/v2/')) return { ok: false, message: `The allow rule "${text}" must start its path with /api/v2/ (nothing else goes through the gateway).` };
  const segments = path.split('/').slice(1);
  const badSegment = segments.find((s, i) => s === '' || (s.includes('*') && s !== '*' && s !== '**') || (s === '**' && i !== segments.length - 1));
  if (badSegment !== undefined) return { ok: false, message: `The allow rule "${text}" has an empty segment or a misplaced wildcard: ${example}.` };
  return { ok: true, rule: { method, segments } };
}

export function formatRule(rule: AllowRule): string {
  return `${rule.method} /${rule.segments.join('/')}`;
}

/** True when `method path` is allowed by any rule (an empty allowlist allows every /api/v2 path). */
export function allowedByRules(rules: readonly AllowRule[], method: string, path: string): boolean {
  if (rules.length === 0) return true;
  const parts = path.split('/').slice(1);
  return rules.some((rule) => (rule.method === '*' || rule.method === method || (rule.method === 'GET' && method === 'HEAD')) && segmentsMatch(rule.segments, parts));
}

function segmentsMatch(pattern: readonly string[], parts: readonly string[]): boolean {
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i];
    if (want === '**') return parts.length > i;
    const got = parts[i];
    if (got === undefined) return false;
    if (want !== '*' && want?.toLowerCase() !== got.toLowerCase()) return false;
  }
  return parts.length === pattern.length;
}

export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method);
}
