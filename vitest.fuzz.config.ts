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
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
