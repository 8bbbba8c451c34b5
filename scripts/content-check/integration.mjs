// Runs `npm run content:check` before every build: Astro only logs a dangling reference and
// builds on without it, so an organizer's typo would silently drop a speaker from the program.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../content-check.mjs', import.meta.url));

export default function contentCheck() {
  return {
    name: 'forum:content-check',
    hooks: {
      'astro:build:start': ({ logger }) => {
        // a web publish has just run the check on the same folder (src/features/publishing)
        if (process.env.FORUM_CONTENT_CHECKED === '1') return;
        const result = spawnSync(process.execPath, [script], { stdio: 'inherit', env: process.env });
        if (result.status !== 0) {
          logger.error('The content has errors (listed above with file and field); the build stops here.');
          throw new Error('content check failed');
        }
      },
    },
  };
}
