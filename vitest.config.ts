/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';
import type { Reporter } from 'vitest/node';

/**
 * Files and the tests inside them run in a random order, so a test that only passes after its
 * neighbours shows up. The seed is printed at the start ("Running tests with seed …") and again
 * after a failed run; replay that order with `npx vitest run --sequence.seed=<seed>`.
 */
function replaySeed(): Reporter {
  let seed: number | null = null;
  return {
    onInit: (vitest) => {
      seed = vitest.getSeed();
    },
    onTestRunEnd: (_modules, _errors, reason) => {
      if (reason === 'failed' && seed !== null) console.log(`\nShuffled with seed ${seed}: replay with --sequence.seed=${seed}\n`);
    },
  };
}

export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { shuffle: true },
    reporters: ['default', replaySeed()],
  },
});
