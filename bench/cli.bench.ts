// `npm run bench:cli`: the CLI's figures, measured in one run against the sandbox IdP and a running
// TokenTray (lock + engine + agent in this process):
//   1. `tokentray token` wall time with the agent running, over a bare `node -e 0` (target ≤ 1.5×);
//   2. 50 CLI processes started at once against an expired token → token requests at the IdP (target 1),
//      with the agent running and with no TokenTray running (standalone);
//   3. agent request p50 over the socket (target ≤ 2 ms), a new connection per request as the CLI does.

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
    console.log(`tokentray CLI benchmark (${RUNS} runs each, ${REQUESTS} socket requests; Node ${process.version}, ${process.platform})`);
    console.log(`  node -e 0 (median)                         ${fmt(median(bare))}`);
    console.log(`  tokentray token, agent running (median)    ${fmt(median(cli))}`);
    console.log(`  ratio                                      ${ratio.toFixed(2)}x  (target <= 1.5x) ${ratio <= 1.5 ? 'OK' : 'OVER'}`);
    console.log(`  50 CLIs at once, expired token, agent      ${agentRequests} token request(s), ${agentFailures} failed  (target 1) ${agentRequests === 1 && agentFailures === 0 ? 'OK' : 'OVER'}`);
    console.log(`  50 CLIs at once, expired token, standalone ${standaloneRequests} token request(s), ${standaloneFailures} failed  (target 1) ${standaloneRequests === 1 && standaloneFailures === 0 ? 'OK' : 'OVER'}`);
    console.log(`  agent request over the socket: p50 ${fmt(p(samples, 50))}, p95 ${fmt(p(samples, 95))}  (target p50 <= 2 ms) ${p(samples, 50) <= 2 ? 'OK' : 'OVER'}`);
  } finally {
    await app.close().catch(() => {});
    folder.remove();
    await sandbox.close();
  }
}

void main();
