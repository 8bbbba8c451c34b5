import { defineConfig } from 'vitest/config';

/**
 * Soak tests (npm run test:soak): long runs against the built server (.upcoming/dist), one
 * file at a time, kept out of `vitest run`. tests/soak/crash-restart.test.ts kills the server
 * mid-load and checks what survived; tests/soak/two-instances.test.ts runs two servers on one
 * PostgreSQL under a mixed load and checks that everything happened once.
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
