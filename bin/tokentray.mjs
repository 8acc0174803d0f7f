#!/usr/bin/env node
// Launcher for `tokentray` (package.json "bin", `npx tokentray` in a clone): runs the bundled CLI in
// dist-cli/, building it first when it is missing or older than any of its sources (a fresh clone,
// or a developer who edited cli/), so no TypeScript loader is needed at run time.
import { statSync, readFileSync } from 'node:fs';

const bundle = new URL('../dist-cli/tokentray.mjs', import.meta.url);

function bundleIsCurrent() {
  const built = statSync(bundle, { throwIfNoEntry: false });
  if (!built) return false;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(new URL('../dist-cli/inputs.json', import.meta.url), 'utf8'));
  } catch {
    return true; // an installed copy without its sources: nothing to compare with
  }
  const root = new URL('../', import.meta.url);
  return inputs.every((path) => (statSync(new URL(path, root), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= built.mtimeMs);
}

if (!bundleIsCurrent()) {
  const { buildCli } = await import('../cli/build.mjs');
  await buildCli();
}
await import(bundle.href);
