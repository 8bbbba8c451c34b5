// `npm run content:check`: validate everything under content/ and list each error with
// its file and field. Runs the schemas from src/content.config.ts without a full build.
import { register } from 'node:module';

register('./content-check/hooks.mjs', import.meta.url);
await import('./content-check/check.mjs');
