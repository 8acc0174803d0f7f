// Fuzzed hostile input per class, through the same entry points the app uses: profile input,
// token endpoint answers, JWTs, dashboard/IPC calls, vault files and settings files. For each:
// uncaught exceptions and hangs (target 0 each), how many were accepted, and how many rejected
// inputs got a clear message (one that says what is wrong, not a stack trace or silence).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dispatchCall } from '../electron/services/dispatch.js';
import { SettingsStore } from '../electron/engine/config/settings-store.js';
import { EngineError, systemClock } from '../electron/engine/contracts.js';
import { parseProfileInput } from '../electron/engine/profiles/index.js';
import { requestToken } from '../electron/engine/refresher/token-client.js';
import { JwtVerifier } from '../electron/engine/validator/jwt-verifier.js';
import { AesGcmCipher } from '../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../electron/engine/vault/vault.js';
import { INVOKE_NAMES, type ApiHandlers } from '../shared/ipc.js';
import { startJwksPeer, startScriptedTokenEndpoint } from './fuzz-servers.js';

export interface FuzzClassResult {
  cases: number;
  uncaught: number;
  hangs: number;
  accepted: number;
  rejectedWithClearMessage: number;
  rejectedSilently: number;
  examples: string[];
}

export type FuzzClass = 'profile input' | 'token responses' | 'JWTs' | 'IPC payloads' | 'vault files' | 'settings files';

const HANG_MS = 5_000;
type Outcome = 'accepted' | 'clear' | 'silent';

async function judge(result: FuzzClassResult, label: string, run: () => Promise<Outcome> | Outcome): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(run), hang]);
    if (outcome === 'hang') {
      result.hangs += 1;
      if (result.examples.length < 5) result.examples.push(`hang: ${label}`);
    } else if (outcome === 'accepted') result.accepted += 1;
    else if (outcome === 'clear') result.rejectedWithClearMessage += 1;
    else result.rejectedSilently += 1;
  } catch (error) {
    result.uncaught += 1;
    if (result.examples.length < 5) result.examples.push(`uncaught ${error instanceof Error ? error.message : String(error)}: ${label.slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
  }
}

const empty = (cases: number): FuzzClassResult => ({ cases, uncaught: 0, hangs: 0, accepted: 0, rejectedWithClearMessage: 0, rejectedSilently: 0, examples: [] });
const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
/** A message a person can act on: a real sentence, not an empty string or a bare code. */
const clear = (message: string | undefined) => typeof message === 'string' && message.trim().length >= 15 && /\s/.test(message);

// ---- generators ------------------------------------------------------------------------------

const nearlyValidProfile = fc.record({
  name: fc.oneof(fc.string(), fc.constant('Prod org'), fc.constant('')),
  provider: fc.oneof(fc.constantFrom('genesys', 'oidc', 'GENESYS', ''), fc.anything()),
  region: fc.oneof(fc.constantFrom('eu-west-1', 'mypurecloud.ie', 'https://api.mypurecloud.ie', 'apps.mypurecloud.ie', 'moon-1'), fc.string()),
  issuer: fc.oneof(fc.constantFrom('https://issuer.example.com', 'http://issuer.example.com', 'http://127.0.0.1:9/x', 'javascript:alert(1)'), fc.webUrl(), fc.string()),
  grant: fc.oneof(fc.constantFrom('authorization_code', 'client_credentials', 'pkce', 'implicit'), fc.anything()),
  clientId: fc.oneof(fc.string(), fc.uuid()),
  clientSecret: fc.oneof(fc.string(), fc.constant(undefined)),
  refreshToken: fc.oneof(fc.string(), fc.constant(undefined)),
  requiredScopes: fc.oneof(fc.array(fc.string()), fc.string(), fc.anything()),
  redirectUri: fc.oneof(fc.constantFrom('http://127.0.0.1:8765/cb', 'http://localhost/cb', 'https://evil.example/cb'), fc.string()),
  loginBaseUrl: fc.oneof(fc.webUrl(), fc.string()),
}, { requiredKeys: [] });

const VALID_PROFILE = { name: 'Service 2', provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'abc-123', clientSecret: 'secret-value-0123456789abc', requiredScopes: ['users'] };
/** A valid profile with one field replaced by anything: the messages must name that field. */
const oneFieldOff = fc.tuple(fc.constantFrom(...Object.keys(VALID_PROFILE), 'issuer', 'loginBaseUrl', 'redirectUri', 'audience'), fc.oneof(fc.anything(), fc.string(), fc.webUrl()))
  .map(([key, value]) => ({ ...VALID_PROFILE, [key]: value }));

const tokenBody = fc.oneof(
  fc.string(),
  fc.json(),
  fc.record({
    access_token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    token_type: fc.oneof(fc.constant('bearer'), fc.anything()),
    expires_in: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.string(), fc.double(), fc.constant(null)),
    refresh_token: fc.oneof(fc.string(), fc.anything()),
    scope: fc.oneof(fc.string(), fc.anything()),
    error: fc.oneof(fc.constantFrom('invalid_grant', 'invalid_client', 'server_error'), fc.string()),
    error_description: fc.string({ maxLength: 400 }),
  }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.constantFrom('<html><body>Sign in to the proxy</body></html>', '{"access_token": "trunc', '\u0000\u0001', ''),
);
const tokenAnswer = fc.record({
  status: fc.oneof(fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 429, 500, 502, 503), fc.integer({ min: 100, max: 599 })),
  headers: fc.record({
    'content-type': fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/json; charset=utf-8'),
    'retry-after': fc.oneof(fc.constantFrom('0', '5', '-3', '99999999999', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon', ''), fc.string({ maxLength: 20 })),
  }, { requiredKeys: ['content-type'] }),
  body: tokenBody,
}).filter((a) => !(a.status >= 300 && a.status < 400) && a.status !== 204 && a.status !== 304 && a.status >= 200);

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : show(value)).toString('base64url');

function jwtCases(valid: string): fc.Arbitrary<string> {
  const [h, p, s] = valid.split('.') as [string, string, string];
  const header = fc.record({
    alg: fc.oneof(fc.constantFrom('RS256', 'none', 'HS256', 'ES256', 'PS256', 'RS1', ''), fc.anything()),
    kid: fc.oneof(fc.constantFrom('fuzz-1', 'other', ''), fc.anything()),
    typ: fc.oneof(fc.constant('JWT'), fc.anything()),
    crit: fc.anything(),
    b64: fc.boolean(),
    jku: fc.webUrl(),
  }, { requiredKeys: [] });
  const mutate = fc.tuple(fc.nat({ max: valid.length - 1 }), fc.constantFrom(...'abcXYZ019-_.= %')).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1));
  return fc.oneof(
    mutate,
    fc.string(),
    header.map((hd) => `${b64(hd)}.${p}.${s}`),
    fc.anything().map((claims) => `${h}.${b64(claims)}.${s}`),
    fc.string().map((sig) => `${h}.${p}.${sig}`),
    fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }).map((parts) => parts.join('.')),
    fc.constant(`${h}.${p}.`),
    fc.constant(`${b64({ alg: 'none' })}.${p}.`),
  );
}

const vaultText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.record({ format: fc.oneof(fc.constant('tokentray-vault'), fc.string()), version: fc.oneof(fc.constant(1), fc.anything()), backend: fc.anything(), data: fc.oneof(fc.base64String(), fc.string(), fc.anything()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const settingsText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.record({
    webhookUrl: fc.oneof(fc.webUrl(), fc.constant(null), fc.anything()),
    refreshFraction: fc.oneof(fc.double(), fc.anything()),
    refreshMaxLeadSec: fc.oneof(fc.integer(), fc.anything()),
    clipboardClearSec: fc.oneof(fc.integer(), fc.anything()),
    persistSecretsWithWeakProtection: fc.anything(),
    autoRefreshPaused: fc.anything(),
  }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
);

// ---- runs per class --------------------------------------------------------------------------

export async function fuzzClass(kind: FuzzClass, cases: number, seed = 7): Promise<FuzzClassResult> {
  const result = empty(cases);
  switch (kind) {
    case 'profile input': {
      for (const input of fc.sample(fc.oneof(oneFieldOff, nearlyValidProfile, fc.anything()), { numRuns: cases, seed })) {
        await judge(result, show(input), () => {
          const parsed = parseProfileInput(input, { others: [{ id: 'prod-org', name: 'Prod org', provider: { kind: 'genesys', domain: 'mypurecloud.com' }, grant: 'authorization_code', clientId: 'c', requiredScopes: [] }] });
          if (parsed.ok) return 'accepted';
          return parsed.problems.length > 0 && parsed.problems.every((p) => clear(p.message) && p.field.length > 0) ? 'clear' : 'silent';
        });
      }
      return result;
    }
    case 'token responses': {
      const endpoint = await startScriptedTokenEndpoint();
      try {
        const answers = fc.sample(tokenAnswer, { numRuns: cases, seed });
        for (let i = 0; i < answers.length; i += 1) {
          const answer = answers[i]!;
          endpoint.answers.set(String(i), answer);
          await judge(result, show(answer), async () => {
            try {
              await requestToken({ tokenUrl: `${endpoint.url}?case=${i}`, clientAuth: { method: 'client_secret_basic', clientId: 'c', clientSecret: 's' }, params: { grant_type: 'refresh_token', refresh_token: 'r' }, timeoutMs: 2_000, clock: systemClock });
              return 'accepted';
            } catch (error) {
              if (!(error instanceof EngineError)) throw error;
              // A 2xx body may hold a token even when malformed: it must never be quoted.
              if (answer.status < 300 && answer.body.length > 8 && error.message.includes(answer.body)) throw new Error('a 2xx body was quoted in the error');
              return clear(error.message) ? 'clear' : 'silent';
            } finally {
              endpoint.answers.delete(String(i));
            }
          });
        }
      } finally {
        await endpoint.close();
      }
      return result;
    }
    case 'JWTs': {
      const peer = await startJwksPeer();
      try {
        const verifier = new JwtVerifier();
        const valid = await peer.sign();
        for (const token of fc.sample(jwtCases(valid), { numRuns: cases, seed })) {
          await judge(result, token, async () => {
            const inspection = await verifier.verify(token, { jwksUri: peer.jwksUri, issuer: peer.issuer, audience: peer.audience });
            if (inspection.verification.status === 'verified') return 'accepted';
            return clear(inspection.verification.reason) ? 'clear' : 'silent';
          });
        }
      } finally {
        await peer.close();
      }
      return result;
    }
    case 'IPC payloads': {
      const handlers = new Proxy({}, { get: () => async () => null }) as ApiHandlers;
      const call = fc.tuple(fc.oneof(fc.constantFrom(...INVOKE_NAMES), fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')), fc.oneof(fc.anything(), fc.record({ profileId: fc.oneof(fc.string(), fc.anything()), token: fc.anything(), input: fc.anything(), patch: fc.anything() }, { requiredKeys: [] })));
      for (const [name, payload] of fc.sample(call, { numRuns: cases, seed })) {
        await judge(result, `${name} ${show(payload)}`, async () => {
          const answer = await dispatchCall(handlers, name, payload);
          if (answer.ok) return 'accepted';
          return clear(answer.error.message) ? 'clear' : 'silent';
        });
      }
      return result;
    }
    case 'vault files': {
      const dir = mkdtempSync(join(tmpdir(), 'tokentray-fuzz-vault-'));
      const cipher = AesGcmCipher.random();
      try {
        // A real vault, then damaged one byte at a time, beside wholly made-up files.
        const real = join(dir, 'real.json');
        await (await Vault.open({ file: real, cipher, persist: 'always' })).update('p', { refreshToken: 'rt-real', accessToken: 'at-real' });
        const realText = readFileSync(real, 'utf8');
        const damaged = fc.tuple(fc.nat({ max: realText.length }), fc.string({ maxLength: 2 })).map(([i, c]) => realText.slice(0, i) + c + realText.slice(i + 1));
        const texts = fc.sample(fc.oneof(vaultText, damaged, fc.nat({ max: realText.length }).map((n) => realText.slice(0, n))), { numRuns: cases, seed });
        for (let i = 0; i < texts.length; i += 1) {
          const file = join(dir, `v${i}.json`);
          writeFileSync(file, texts[i]!);
          await judge(result, texts[i]!, async () => {
            const vault = await Vault.open({ file, cipher, persist: 'always' });
            const recovery = vault.recovery();
            if (!recovery) return 'accepted';
            return clear(recovery.reason) ? 'clear' : 'silent';
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return result;
    }
    case 'settings files': {
      const dir = mkdtempSync(join(tmpdir(), 'tokentray-fuzz-settings-'));
      try {
        const texts = fc.sample(settingsText, { numRuns: cases, seed });
        for (let i = 0; i < texts.length; i += 1) {
          const caseDir = join(dir, `s${i}`);
          mkdirSync(caseDir);
          writeFileSync(join(caseDir, 'settings.json'), texts[i]!);
          await judge(result, texts[i]!, async () => {
            const store = await SettingsStore.open(caseDir);
            // A damaged file is set aside with a reason; an invalid value is named with the default
            // now in force. Anything else (absent keys take their defaults) is accepted as written.
            const recovered = store.recoveryNotice();
            if (recovered) return clear(recovered) ? 'clear' : 'silent';
            const replaced = store.replacedSettings();
            if (replaced.length === 0) return 'accepted';
            return replaced.every(clear) ? 'clear' : 'silent';
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return result;
    }
  }
}

export const FUZZ_CLASSES: FuzzClass[] = ['profile input', 'token responses', 'JWTs', 'IPC payloads', 'vault files', 'settings files'];
