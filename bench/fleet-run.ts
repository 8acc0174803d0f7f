// One fleet in a fresh process, so its memory figures are not skewed by what ran before.
// Usage: tsx bench/fleet-run.ts <profiles> <seconds>; prints the result as JSON.
import { runFleet } from './fleet.js';

const [profiles, seconds] = process.argv.slice(2).map(Number) as [number, number];
process.stdout.write(`${JSON.stringify(await runFleet(profiles, seconds))}\n`);
process.exit(0);
