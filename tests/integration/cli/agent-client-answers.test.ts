// The agent client checks every answer against its method's schema before the CLI prints anything:
// a hostile process listening on the agent socket (another user's, or a broken TokenTray) gets
// nothing past it but an `invalid_answer` error that says what was wrong and what to do.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentCallError, callAgent } from '../../../electron/agent/agent-client.js';
const client = { pid: process.pid, command: 'vitest' };
let dir: string;
let socketPath: string;
let server: Server;
/** What the fake agent answers next: one line, written verbatim. */
let nextLine = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tt-agent-answers-'));
  socketPath = join(dir, 'agent.sock');
  server = createServer((socket) => socket.once('data', () => socket.end(`${nextLine}\n`)));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const goodToken = {
  profile: 'prod', accessToken: 'eyJhbGciOi.J9.sig', tokenType: 'Bearer', expiresAt: 1_800_000_000_000, scopes: ['users:readonly'],
  provider: 'genesys', region: 'mypurecloud.ie', regionKey: 'eu-west-1', apiBaseUrl: 'https://api.mypurecloud.ie', minValiditySatisfied: true,
};
const answer = (value: unknown) => JSON.stringify({ v: 1, id: 1, ok: true, value });

async function ask(line: string, method: 'token' | 'list' = 'token'): Promise<unknown> {
  nextLine = line;
  return method === 'token' ? callAgent(socketPath, 'token', {}, client) : callAgent(socketPath, 'list', {}, client);
}

async function refusal(line: string, method: 'token' | 'list' = 'token'): Promise<AgentCallError> {
  const error = await ask(line, method).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AgentCallError);
  return error as AgentCallError;
}

describe('agent client: answers are checked with the protocol schemas', () => {
  it('passes a contract-shaped answer, dropping keys the protocol does not declare', async () => {
    expect(await ask(answer({ ...goodToken, refreshToken: 'RT-secret' }))).toEqual(goodToken);
  });

  const hostile: [string, string, RegExp][] = [
    ['a token carrying a terminal escape', answer({ ...goodToken, accessToken: 'abc\u001b]0;pwned\u0007' }), /"token".*at "accessToken": holds characters no Bearer token has/],
    ['a token carrying a second line', answer({ ...goodToken, accessToken: 'abc\nexport EVIL=1' }), /at "accessToken"/],
    ['a token type that is not Bearer', answer({ ...goodToken, tokenType: 'MAC' }), /at "tokenType"/],
    ['a missing expiry', answer({ ...goodToken, expiresAt: undefined }), /at "expiresAt"/],
    ['a region with control characters', answer({ ...goodToken, region: 'mypurecloud.ie\u001b[2J' }), /at "region": must not contain control characters/],
    ['an error code the protocol does not have', JSON.stringify({ v: 1, id: 1, ok: false, error: { code: 'rm_rf', message: 'x' } }), /is not agent protocol v1 .*error\.code/],
    ['an error code that would reach the terminal', JSON.stringify({ v: 1, id: 1, ok: false, error: { code: '\u001b]52;c;cHduZWQ=\u0007', message: 'x' } }), /received "\?\]52;c;cHduZWQ=\?"/],
    ['another protocol version', JSON.stringify({ v: 2, id: 1, ok: true, value: goodToken }), /is not agent protocol v1/],
    ['not JSON at all', 'HTTP/1.1 400 Bad Request', /"token" is not JSON/],
  ];
  for (const [what, line, message] of hostile) {
    it(`refuses ${what}, saying what is wrong and what to do`, async () => {
      const error = await refusal(line);
      expect(error.code).toBe('invalid_answer');
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/update tokentray and TokenTray so both match/);
      expect(error.message).not.toMatch(/\p{Cc}/u);
    });
  }

  it('checks each method against its own schema: a list of profiles with a bad state is refused', async () => {
    const view = { id: 'prod', name: 'Prod', provider: 'oidc', region: 'https://idp.example', state: 'valid', isDefault: true, missingScopes: [] };
    expect(await ask(answer([view]), 'list')).toEqual([view]);
    const error = await refusal(answer([{ ...view, state: 'owned' }]), 'list');
    expect(error.message).toMatch(/"list" .*at "0\.state"/);
  });

  it('passes the agent\'s own error codes on, typed', async () => {
    const error = await refusal(JSON.stringify({ v: 1, id: 1, ok: false, error: { code: 'signin_required', message: 'Sign in from the tray menu.' } }));
    expect(error.code).toBe('signin_required');
    expect(error.message).toBe('Sign in from the tray menu.');
  });
});
