// @ts-check
import { defineConfig, envField } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import pagefind from 'astro-pagefind';
import contentCheck from './scripts/content-check/integration.mjs';

// SITE_URL is read at build time: it makes canonical links, sitemap and feeds absolute.
const site = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  // Separate caches let a second build (tests, another forum's content) run beside this one.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  trailingSlash: 'ignore',
  adapter: node({ mode: 'standalone' }),
  integrations: [
    contentCheck(),
    react(),
    pagefind(),
    sitemap({
      i18n: { defaultLocale: 'en', locales: { en: 'en', zh: 'zh-CN' } },
    }),
  ],
  i18n: {
    locales: ['en', { path: 'zh', codes: ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN'] }],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  // Small pages: inlining CSS saves a round trip on venue Wi-Fi.
  build: { inlineStylesheets: 'always', format: 'directory' },
  security: { checkOrigin: true },
  devToolbar: { enabled: false },
  env: {
    schema: {
      SITE_URL: envField.string({ context: 'server', access: 'public', optional: true, default: 'http://localhost:4321' }),
    },
  },
});
