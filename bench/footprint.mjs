// Idle footprint of `npm start` in Node mode (Linux, reads /proc): starts the command with a fresh
// data folder, waits for it to settle, then samples the whole process tree (RSS summed over every
// process, CPU as a share of one core over the sampling window). Prints one line per process and
// the totals. Usage: node bench/footprint.mjs [settleSeconds] [sampleSeconds] [-- command args…]
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [settleArg, sampleArg] = process.argv.slice(2);
const dashDash = process.argv.indexOf('--');
const command = dashDash > 0 ? process.argv.slice(dashDash + 1) : ['npm', 'start'];
const settleSeconds = Number(settleArg ?? 20);
const sampleSeconds = Number(sampleArg ?? 60);
const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE_KB = 4;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    return { pid, name, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssKb: Number(fields[21]) * PAGE_KB };
  } catch {
    return undefined;
  }
}

function tree(rootPid) {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => stat(Number(d))).filter(Boolean);
  const result = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift();
    const own = all.find((p) => p.pid === pid);
    if (own) result.push(own);
    for (const child of all.filter((p) => p.ppid === pid)) queue.push(child.pid);
  }
  return result;
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 110);
  } catch {
    return '?';
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'tokentray-footprint-'));
const logFile = join(dataDir, 'output.log');
const log = openSync(logFile, 'a');
const child = spawn(command[0], command.slice(1), { env: { ...process.env, TOKENTRAY_DATA_DIR: dataDir, TOKENTRAY_STATUS_INTERVAL_MS: '15000' }, stdio: ['ignore', log, log], detached: true });
await sleep(settleSeconds * 1000);
const before = tree(child.pid);
await sleep(sampleSeconds * 1000);
const after = tree(child.pid);
if (after.length === 0) {
  console.error(`The command exited before it could be measured. Its output:\n${readFileSync(logFile, 'utf8')}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}
let rssKb = 0;
let ticks = 0;
for (const p of after) {
  const earlier = before.find((b) => b.pid === p.pid);
  const used = earlier ? p.ticks - earlier.ticks : 0;
  rssKb += p.rssKb;
  ticks += used;
  console.log(`${String(p.pid).padStart(8)}  ${(p.rssKb / 1024).toFixed(1).padStart(7)} MB  ${((used / CLOCK_TICKS / sampleSeconds) * 100).toFixed(2).padStart(6)} %  ${cmdline(p.pid)}`);
}
console.log(`${after.length} processes, RSS ${(rssKb / 1024).toFixed(1)} MB in total, CPU ${((ticks / CLOCK_TICKS / sampleSeconds) * 100).toFixed(2)} % of one core over ${sampleSeconds} s idle (after ${settleSeconds} s to settle)`);
try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
await sleep(2000);
try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
rmSync(dataDir, { recursive: true, force: true });
