// `npm run bench:cli`: the CLI's figures, measured in one run against the sandbox IdP and a running
// TokenTray (lock + engine + agent in this process):
//   1. `tokentray token` wall time with the agent running, over a bare `node -e 0` (goal ≤ 1.2×);
//   2. 50 CLI processes started at once against an expired token → token requests at the IdP (goal 1),
//      with the agent running and with no TokenTray running (standalone);
//   3. 50 CLIs asking `--min-valid` longer than the token lives → token requests (goal 1: capped, not a refresh each);
//   4. agent request p50 over the socket (goal ≤ 0.5 ms), a new connection per request as the CLI does.
// Every line prints its figure, its goal and a verdict (OK / MISSED).

import { spawn } from 'node:child_process';
import { callAgent } from '../electron/agent/agent-client.js';
import { startSandboxIdp } from '../electron/sandbox/sandbox-idp.js';
import { percentile } from '../electron/engine/metrics/percentiles.js';
import { CLI, ensureCliBuilt, runCli, seedDataFolder, startApp } from '../tests/support/cli-harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);

function timeProcess(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50) ?? Number.NaN;
const p = (sorted: number[], at: number) => percentile(sorted, at) ?? Number.NaN;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  await ensureCliBuilt();
  const sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  const folder = await seedDataFolder(sandbox, ['prod']);
  const app = await startApp(folder.dataDir);
  const env = { TOKENTRAY_DATA_DIR: folder.dataDir };
  try {
    // 2a. Expired (never fetched) token, agent running: 50 processes at once.
    sandbox.resetStats();
    const fifty = await Promise.all(Array.from({ length: 50 }, () => runCli(['token', 'prod'], { dataDir: folder.dataDir })));
    const agentRequests = sandbox.stats().tokenRequests;
    const agentFailures = fifty.filter((r) => r.code !== 0).length;

    // 3. --min-valid beyond the lifetime (600 s): one after another, as scripts in a loop would.
    sandbox.resetStats();
    let cappedFailures = 0;
    for (let i = 0; i < 50; i += 1) if ((await runCli(['token', 'prod', '--min-valid', '3600'], { dataDir: folder.dataDir })).code !== 0) cappedFailures += 1;
    const cappedRequests = sandbox.stats().tokenRequests;

    // 1. Wall time, alternating so both see the same machine load.
    const bare: number[] = [];
    const cli: number[] = [];
    await timeProcess(['-e', '0'], env);
    await timeProcess([CLI, 'token', 'prod'], env);
    for (let i = 0; i < RUNS; i += 1) {
      bare.push(await timeProcess(['-e', '0'], env));
      cli.push(await timeProcess([CLI, 'token', 'prod'], env));
    }

    // 3. Socket round trips for a token (valid, so no refresh): connect, ask, answer, close.
    const client = { pid: process.pid, command: 'bench' };
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const started = process.hrtime.bigint();
      await callAgent(app.socketPath, 'token', { profile: 'prod' }, client);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);

    // 2b. The same with no TokenTray running: the commands race for the folder; one runs the engine.
    await app.close();
    const standaloneFolder = await seedDataFolder(sandbox, ['prod']);
    sandbox.resetStats();
    const standalone = await Promise.all(Array.from({ length: 50 }, () => runCli(['token', 'prod'], { dataDir: standaloneFolder.dataDir })));
    const standaloneRequests = sandbox.stats().tokenRequests;
    const standaloneFailures = standalone.filter((r) => r.code !== 0).length;
    standaloneFolder.remove();

    const ratio = median(cli) / median(bare);
    const p50 = p(samples, 50);
    const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
    const line = (what: string, figure: string, goal: string, ok: boolean) => console.log(`  ${what.padEnd(48)} ${figure.padEnd(34)} goal ${goal.padEnd(12)} ${verdict(ok)}`);
    console.log(`tokentray CLI benchmark (${RUNS} runs each, ${REQUESTS} socket requests; Node ${process.version}, ${process.platform})`);
    line('node -e 0 (median)', fmt(median(bare)), '-', true);
    line('tokentray token, agent running (median)', fmt(median(cli)), '-', true);
    line('start-up ratio over node -e 0', `${ratio.toFixed(2)}x`, '<= 1.2x', ratio <= 1.2);
    line('50 CLIs at once, expired token, agent', `${agentRequests} token request(s), ${agentFailures} failed`, '1, 0 failed', agentRequests === 1 && agentFailures === 0);
    line('50 CLIs at once, expired token, standalone', `${standaloneRequests} token request(s), ${standaloneFailures} failed`, '1, 0 failed', standaloneRequests === 1 && standaloneFailures === 0);
    line('50 CLIs, --min-valid 3600 > 600 s lifetime', `${cappedRequests} token request(s), ${cappedFailures} failed`, '<= 1', cappedRequests <= 1 && cappedFailures === 0);
    line('agent request over the socket, p50', `${fmt(p50)} (p95 ${fmt(p(samples, 95))})`, '<= 0.5 ms', p50 <= 0.5);
  } finally {
    await app.close().catch(() => {});
    folder.remove();
    await sandbox.close();
  }
}

void main();
