import { defineConfig } from 'vitest/config';

/**
 * The property-based HTTP fuzz suite (npm run test:soak): one server for all families, which
 * run one after another (the state property needs requests one at a time).
 */
export default defineConfig({
  test: {
    include: ['tests/fuzz/**/*.fuzz.test.ts'],
    environment: 'node',
    globalSetup: ['tests/fuzz/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
