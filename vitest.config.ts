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
  },
});
