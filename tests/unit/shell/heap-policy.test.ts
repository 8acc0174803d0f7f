// The entry points' heap policy is set at run time, after V8 started (Electron's main process
// cannot be given heap flags by the app): this proves the setting still takes effect then.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = join(import.meta.dirname, 'fixtures', 'heap-churn.ts');

async function largestHeapMb(mode: 'with-policy' | 'without'): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture, mode], { encoding: 'utf8' });
  return (JSON.parse(stdout.trim()) as { largestHeapMb: number }).largestHeapMb;
}

describe('resident heap policy', () => {
  it('applied at run time, keeps the heap V8 reserves well below its default under the same churn', async () => {
    const [withPolicy, without] = await Promise.all([largestHeapMb('with-policy'), largestHeapMb('without')]);
    expect(withPolicy).toBeLessThan(without * 0.8);
  }, 60_000);
});
