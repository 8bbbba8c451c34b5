import { defineConfig } from 'vitest/config';

/**
 * Soak tests (npm run test:soak): long runs against the built server (.upcoming/dist), one
 * file at a time, kept out of `vitest run`. tests/soak/crash-restart.test.ts kills the server
 * mid-load and checks what survived.
 */
export default defineConfig({
  test: {
    include: ['tests/soak/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
