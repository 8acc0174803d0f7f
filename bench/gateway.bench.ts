// `npm run bench:gateway`: the gateway's figures, measured in one run. The gateway and the engine
// run in this process (tokens from the sandbox IdP); the API host is a small stand-in in its own
// process, so both paths measured below cross the same loopback to the same server:
//   1. added latency: p50 of sequential calls through the gateway minus p50 of the same calls made
//      directly with the token (target ≤ 1 ms), interleaved so both see the same machine;
//   2. throughput with 50 concurrent consumers, each with its own key and connection (target ≥ 2,000/s);
//   3. memory over 100,000 requests: heap after GC at 20,000 and at 100,000 (target: flat, ≤ 10 MB growth).

import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { percentile } from '../electron/engine/metrics/percentiles.js';
import { startSandboxIdp } from '../electron/sandbox/sandbox-idp.js';
import { startGatewayRig } from '../tests/support/gateway-harness.js';

const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 3000);
const CONSUMERS = 50;
const THROUGHPUT_MS = Number(process.env.BENCH_THROUGHPUT_MS ?? 5000);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);

function startUpstream(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'gateway-upstream.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout?.once('data', (chunk: Buffer) => resolve({ child, url: `http://127.0.0.1:${chunk.toString('utf8').trim()}` }));
  });
}

async function timed(client: Client, path: string, authorization: string): Promise<number> {
  const started = process.hrtime.bigint();
  const answer = await client.request({ path, method: 'GET', headers: { authorization } });
  await answer.body.dump();
  if (answer.statusCode !== 200) throw new Error(`status ${answer.statusCode}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Runs one loop per credential in a separate process (consumers are other processes; sharing this
 * event loop would measure the load generator, not the gateway). `onProgress` hears every 1,000.
 */
function load(url: string, credentials: string[], until: { ms: number } | { count: number }, onProgress: (done: number) => void = () => {}): Promise<{ done: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'gateway-load.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffer = '';
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
        const [word, a, b] = buffer.slice(0, i).split(' ');
        buffer = buffer.slice(i + 1);
        if (word === 'progress') onProgress(Number(a));
        if (word === 'done') resolve({ done: Number(a), seconds: Number(b) / 1000 });
      }
    });
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the load process exited ${code}`))));
    child.stdin?.end(JSON.stringify({ url, credentials, ...until }));
  });
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER');

async function main(): Promise<void> {
  const upstream = await startUpstream();
  const sandbox = await startSandboxIdp({ accessTokenTtlSec: 3600 });
  const rig = await startGatewayRig(sandbox, ['prod'], { apiOverrides: { prod: upstream.url } });
  try {
    const keys = await Promise.all(Array.from({ length: CONSUMERS }, (_, i) => rig.gateway.grant({ profileId: 'prod', consumer: `bench-${i}` })));
    const gatewayUrl = keys[0]?.url ?? '';
    const key = keys[0]?.key ?? '';
    const { token } = await rig.engine.accessToken('prod', 'api');

    // 1. Added latency, interleaved, after a warm-up.
    const direct = new Client(upstream.url, { pipelining: 1 });
    const through = new Client(gatewayUrl, { pipelining: 1 });
    for (let i = 0; i < 300; i += 1) {
      await timed(direct, '/api/v2/users/me', `Bearer ${token}`);
      await timed(through, '/api/v2/users/me', `Bearer ${key}`);
    }
    const directMs: number[] = [];
    const gatewayMs: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
      directMs.push(await timed(direct, '/api/v2/users/me', `Bearer ${token}`));
      gatewayMs.push(await timed(through, '/api/v2/users/me', `Bearer ${key}`));
    }
    await direct.close();
    await through.close();
    const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50) ?? Number.NaN;
    const added = p50(gatewayMs) - p50(directMs);

    // 2. Throughput with 50 concurrent consumers; the same 50 loops straight to the API host with the
    //    token give the machine's own figure in this run (the machine is shared, so the ratio matters).
    const directRun = await load(upstream.url, keys.map(() => token), { ms: THROUGHPUT_MS });
    const directPerSecond = directRun.done / directRun.seconds;
    const gatewayRun = await load(gatewayUrl, keys.map((k) => k.key), { ms: THROUGHPUT_MS });
    const perSecond = gatewayRun.done / gatewayRun.seconds;

    // 3. Memory over 100,000 requests.
    let heapAt20k = Number.NaN;
    const { done: sent } = await load(gatewayUrl, keys.map((k) => k.key), { count: MEMORY_REQUESTS }, (done) => {
      if (Number.isNaN(heapAt20k) && done >= MEMORY_REQUESTS / 5) heapAt20k = heapMb();
    });
    const heapAtEnd = heapMb();
    const growth = heapAtEnd - heapAt20k;

    console.log(`gateway benchmark (Node ${process.version}, ${process.platform}; ${LATENCY_SAMPLES} latency samples, ${CONSUMERS} consumers${(globalThis as { gc?: unknown }).gc ? '' : '; run with --expose-gc for exact heap figures'})`);
    console.log(`  latency p50: direct ${p50(directMs).toFixed(3)} ms, through the gateway ${p50(gatewayMs).toFixed(3)} ms`);
    console.log(`  added latency p50                    ${added.toFixed(3)} ms  (goal <= 1 ms) ${verdict(added <= 1)}`);
    console.log(`  throughput, ${CONSUMERS} consumers, direct     ${Math.round(directPerSecond)} requests/s (this machine, now; load average ${loadavg()[0]?.toFixed(1)})`);
    console.log(`  throughput, ${CONSUMERS} consumers, gateway    ${Math.round(perSecond)} requests/s over ${(THROUGHPUT_MS / 1000).toFixed(0)} s, ${(perSecond / directPerSecond).toFixed(2)}x direct  (goal >= 2000/s) ${verdict(perSecond >= 2000)}`);
    console.log(`  heap after ${Math.round(MEMORY_REQUESTS / 5)} / ${sent} requests   ${heapAt20k.toFixed(1)} MB / ${heapAtEnd.toFixed(1)} MB, growth ${growth.toFixed(1)} MB  (goal flat, <= 10 MB) ${verdict(growth <= 10)}`);
  } finally {
    await rig.close();
    await sandbox.close();
    upstream.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
