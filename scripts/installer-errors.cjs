// Preloaded (node --require) into Electron's installer by scripts/electron-binary.mjs. The
// installer reports a failure with console.error(err.stack); that goes to fd 3 so the launcher can
// say it in one line, while stdout/stderr stay on the terminal for the installer's progress bar.
// A network failure's stack says only "fetch failed"; its cause (ENOTFOUND, ECONNREFUSED, a
// certificate error) is written first so the line names it.
const { writeSync } = require('node:fs');
const { format } = require('node:util');

function report(text) {
  try {
    writeSync(3, `${text}\n`);
  } catch {
    process.stderr.write(`${text}\n`);
  }
}

console.error = (...args) => report(format(...args));

const originalFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  try {
    return await originalFetch(...args);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
    if (cause) report(`cause: ${cause.message}`);
    throw error;
  }
};
