// Run as a child process (node --import tsx) with a private bus in its environment: opens the
// Node-mode vault cipher for a data folder exactly as Node mode and the CLI do, and prints what it
// got. A child, because libdbus keeps one session connection per process.
import { openNodeVaultCipher } from '../../electron/engine/vault/node-vault-cipher.js';

const cipher = await openNodeVaultCipher({ dataDir: process.argv[2]!, env: process.env });
console.log(JSON.stringify({ backend: cipher.backend, strong: cipher.strong, available: cipher.isAvailable(), notice: cipher.startupNotice?.() ?? null }));
