// One fleet in a fresh process, so its memory figures are the engine's alone.
// Usage: tsx bench/fleet-run.ts <setup.json>; prints the result as JSON on its last line.
import { applyResidentHeapPolicy } from '../electron/services/heap-policy.js';
import { readSetup, runFleet } from './fleet.js';

const [setupFile] = process.argv.slice(2) as [string];
const setup = readSetup(setupFile);
// As the desktop app's and Node mode's entry points do before their engine starts.
if (setup.heapPolicy === 'entry points') applyResidentHeapPolicy();
process.stdout.write(`${JSON.stringify(await runFleet(setup))}\n`);
process.exit(0);
