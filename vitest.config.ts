import { defineConfig } from 'vitest/config';

// One runner for every Node-side suite. Files run in parallel workers; each test file starts
// its own loopback servers on port 0, so files never share ports or state.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    // Tests never reach the developer's own keyring: with no session bus, Node mode and the CLI
    // take the key-file fallback. The keyring tests start a private bus and daemon and pass it on.
    env: { DBUS_SESSION_BUS_ADDRESS: '' },
  },
});
