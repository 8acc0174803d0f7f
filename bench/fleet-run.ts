// One fleet in a fresh process, so its memory figures are the engine's alone.
// Usage: tsx bench/fleet-run.ts <setup.json>; prints the result as JSON on its last line.
import { readSetup, runFleet } from './fleet.js';

const [setupFile] = process.argv.slice(2) as [string];
process.stdout.write(`${JSON.stringify(await runFleet(readSetup(setupFile)))}\n`);
process.exit(0);
