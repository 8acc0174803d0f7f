// Deadlines and fair shares on the agent socket. The CLI against a frozen holder (a real process
// that accepted the socket, then stopped running JavaScript) exits 3 within its --timeout, naming
// the holder and the folder. The agent closes connections that never ask or sit idle (its timers
// driven by hand here), makes room when 600 idle connections fill it, caps one client's share, and
// removes on close only a socket that is still its own.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRequest } from '../../../shared/agent-protocol.js';
import { AgentCallError, callAgent } from '../../../electron/agent/agent-client.js';
import type { Scheduler } from '../../../electron/agent/agent-connections.js';
import { startAgentServer, type AgentServer } from '../../../electron/agent/agent-server.js';
import { ensureCliBuilt, runCli } from '../../support/cli-harness.js';
import { waitFor } from '../../support/wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
beforeAll(() => ensureCliBuilt());

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tt-dl-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A process that listens on the folder's agent socket, says so, then never runs JavaScript again. */
async function frozenHolder(dataDir: string): Promise<ChildProcess> {
  const script = `const s = require('net').createServer(() => {}); s.listen(${JSON.stringify(join(dataDir, 'agent.sock'))}, () => { console.log('listening'); const end = Date.now() + 120000; while (Date.now() < end) {} });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => void child.kill('SIGKILL'));
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  writeFileSync(join(dataDir, 'tokentray.owner.json'), JSON.stringify({ pid: child.pid, mode: 'desktop', command: 'TokenTray desktop app', hostname: hostname(), startedAt: new Date().toISOString() }));
  return child;
}

describe('the CLI against a holder that does not answer', () => {
  it('exits 3 within --timeout for quick and slow questions, naming the holder and the folder', async () => {
    const dataDir = tempFolder();
    const holder = await frozenHolder(dataDir);
    for (const args of [['status', '--timeout', '1'], ['token', 'prod', '--timeout', '1'], ['exec', 'prod', '--timeout', '1', '--', 'true']]) {
      const started = Date.now();
      const run = await runCli(args, { dataDir });
      const took = Date.now() - started;
      expect({ args, code: run.code }).toEqual({ args, code: 3 });
      expect(took).toBeLessThan(6_000); // one deadline, plus one liveness probe for token requests, plus Node's start
      expect(run.stderr).toContain(`TokenTray (pid ${holder.pid}, "TokenTray desktop app") holds ${dataDir} but is not answering`);
      expect(run.stderr).toMatch(/did not answer within 1 s\. .*longer --timeout, or restart it \(kill \d+\)/);
    }
  }, 40_000);

  it('gives up by itself within the default deadline', async () => {
    const dataDir = tempFolder();
    await frozenHolder(dataDir);
    const started = Date.now();
    const run = await runCli(['list'], { dataDir, env: { TOKENTRAY_TIMEOUT: '' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/did not answer within 5 s/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const fromEnv = await runCli(['list'], { dataDir, env: { TOKENTRAY_TIMEOUT: '1' } });
    expect(fromEnv.stderr).toMatch(/did not answer within 1 s/);
    const bad = await runCli(['list'], { dataDir, env: { TOKENTRAY_TIMEOUT: 'soon' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/TOKENTRAY_TIMEOUT="soon" is not a number of seconds/);
  }, 30_000);
});

/** A scheduler whose timers fire only when the test says. */
function manualScheduler(): Scheduler & { fireAll(): void } {
  const timers = new Set<() => void>();
  const schedule: Scheduler = (_ms, fn) => {
    timers.add(fn);
    return () => void timers.delete(fn);
  };
  return Object.assign(schedule, {
    fireAll: () => {
      const due = [...timers];
      timers.clear();
      due.forEach((fn) => fn());
    },
  });
}

/** An agent whose `status` requests hang until released; everything else answers at once. */
async function agent(options: Partial<Parameters<typeof startAgentServer>[0]> = {}): Promise<{ server: AgentServer; release: () => void; path: string; statusRequests: () => number }> {
  const path = join(tempFolder(), 'agent.sock');
  let releaseAll: () => void = () => {};
  let statusRequests = 0;
  const hanging = new Promise<void>((resolve) => (releaseAll = resolve));
  const service = async (request: AgentRequest) => {
    if (request.method === 'status') {
      statusRequests += 1;
      await hanging;
    }
    return request.method === 'list' ? [] : { protocol: 1 };
  };
  const server = await startAgentServer({ socketPath: path, service, ...options });
  cleanups.push(async () => {
    releaseAll();
    await server.close();
  });
  return { server, release: releaseAll, path, statusRequests: () => statusRequests };
}

const open = (path: string): Promise<Socket> => new Promise((resolve, reject) => {
  const socket = createConnection(path, () => resolve(socket));
  socket.on('error', reject);
  cleanups.push(() => void socket.destroy());
});
const closed = (socket: Socket): Promise<void> => new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
const request = (method: string, pid: number, params: Record<string, unknown> = {}) => `${JSON.stringify({ v: 1, id: 1, method, params, client: { pid, command: 'test' } })}\n`;

describe('the agent keeps connections fair', () => {
  it('closes a connection that never asks, and one left idle after its answer, but none waiting for an answer', async () => {
    const schedule = manualScheduler();
    const { path, release, statusRequests } = await agent({ schedule });
    const silent = await open(path);
    const waiting = await open(path);
    waiting.write(request('status', 4242, { profile: 'prod' }));
    await waitFor(() => statusRequests() === 1, 'the agent to take the request');
    schedule.fireAll();
    await closed(silent);
    expect(waiting.destroyed).toBe(false);
    const answered = new Promise<void>((resolve) => waiting.once('data', () => resolve()));
    release();
    await answered;
    schedule.fireAll(); // the idle timer armed by the answer
    await closed(waiting);
  });

  it('600 idle connections from one process do not shut anyone else out', async () => {
    const { path } = await agent();
    const idle: Socket[] = [];
    for (let i = 0; i < 600; i += 1) idle.push(await open(path));
    expect(await callAgent(path, 'list', {}, { pid: 777, command: 'another script' }, { connectMs: 2000, answerMs: 2000 })).toEqual([]);
    expect(idle.filter((s) => !s.destroyed).length).toBeLessThanOrEqual(256);
  }, 30_000);

  it('caps the connections one client may hold, and still answers the others', async () => {
    const { path, statusRequests } = await agent({ limits: { maxPerClient: 3 } });
    for (let i = 0; i < 3; i += 1) (await open(path)).write(request('status', 1111, { profile: 'prod' }));
    await waitFor(() => statusRequests() === 3, 'the agent to take all three requests');
    const refused = await callAgent(path, 'list', {}, { pid: 1111, command: 'greedy' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AgentCallError);
    expect(refused).toMatchObject({ code: 'busy', message: expect.stringMatching(/pid 1111\) already holds 3 connections/) });
    expect(await callAgent(path, 'list', {}, { pid: 2222, command: 'polite' })).toEqual([]);
  });

  it('on close removes its socket only while the path is still its own', async () => {
    const first = await agent();
    const second = await startAgentServer({ socketPath: first.path, service: async () => [] });
    cleanups.push(() => second.close());
    await first.server.close(); // the old holder stops after a new one took the path
    expect(existsSync(first.path)).toBe(true);
    expect(await callAgent(first.path, 'list', {}, { pid: 1, command: 'after' })).toEqual([]);
  });
});
