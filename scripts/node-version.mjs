// The Node this repository needs, in one place (package.json "engines" says the same; a test checks).
// 20.19 is the first Node 20 that loads ES modules with require(), which Electron's installer needs.
// Electron itself embeds its own newer Node; packages that declare Node >= 22.12 are either loaded
// inside Electron or are Electron's download and packaging tools (see the README, "Node version").
export const MIN_NODE = '20.19.0';

/** A one-line problem when this Node is too old, else undefined. */
export function nodeVersionProblem(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `TokenTray needs Node ${MIN_NODE} or newer (this is ${version}); install a current Node 20 LTS or 22 LTS and run npm start again.`;
}
