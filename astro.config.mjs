// @ts-check
import { defineConfig, envField } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import contentCheck from './scripts/content-check/integration.mjs';
import buildStamp from './scripts/build-stamp.mjs';
import { registerScriptHash } from './src/pwa/register-script.mjs';
import staticFiles from './serve/static-integration.mjs';
import pagefind from 'astro-pagefind';
import sideBySide from './scripts/side-by-side.mjs';
import searchIndex from './scripts/search-index.mjs';
import { markdownConfig } from './src/lib/markdown-config.mjs';

// SITE_URL is read at build time: it makes canonical links, sitemap and feeds absolute.
const site = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  // Separate caches let a second build (tests, another forum's content) run beside this one.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  trailingSlash: 'ignore',
  // server.mjs serves the built files itself (serve/static.mjs): the adapter's handler is the app alone.
  adapter: node({ mode: 'middleware', staticHeaders: true }),
  integrations: [
    contentCheck(),
    buildStamp(),
    react(),
    // the search index (in shards) and the sitemap are written at the same time
    sideBySide(
      searchIndex(pagefind()),
      sitemap({
        i18n: { defaultLocale: 'en', locales: { en: 'en', zh: 'zh-CN', 'zh-hant': 'zh-Hant' } },
        // Development-only pages (the local mail outbox) are not part of the public site.
        filter: (page) => !new URL(page).pathname.startsWith('/dev/'),
      }),
    ),
    // Last: precompresses what the others wrote.
    staticFiles(),
  ],
  i18n: {
    locales: [
      'en',
      { path: 'zh', codes: ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN'] },
      { path: 'zh-hant', codes: ['zh-Hant', 'zh-TW', 'zh-HK', 'zh-MO'] },
    ],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  // Small pages: inlining CSS saves a round trip on venue Wi-Fi.
  build: { inlineStylesheets: 'always', format: 'directory' },
  security: {
    checkOrigin: true,
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        // The offline app's service worker (/sw.js) and its manifest come from the site itself.
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
      // Pagefind runs its search index as WebAssembly.
      // Every page's one inline script registers the offline app's worker (src/pwa/).
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"], hashes: [registerScriptHash] },
    },
  },
  // Shared with the organizers' preview of a draft page, which renders Markdown at request time.
  markdown: markdownConfig,
  devToolbar: { enabled: false },
  // A web publish rebuilds only the pages whose content changed: every prerendered page returns
  // a cacheKey covering everything it reads (src/site/paths.ts). ASTRO_KEY stays fixed across
  // builds (src/features/publishing/site-build.ts), or pages with server islands re-render.
  experimental: { incrementalBuild: true },
  env: {
    // Every setting, with safe defaults for the embedded mode. Runtime settings use access
    // 'secret' because astro:env reads those when the server starts (public server values are
    // fixed at build time); none of them ever reaches the browser.
    schema: {
      SITE_URL: envField.string({ context: 'server', access: 'secret', optional: true, default: 'http://localhost:4321' }),
      DATABASE_URL: envField.string({ context: 'server', access: 'secret', optional: true, default: 'sqlite:data/forum.db' }),
      DATABASE_POOL_SIZE: envField.number({ context: 'server', access: 'secret', optional: true, int: true, gt: 0 }),
      DATABASE_NAMED_STATEMENTS: envField.boolean({ context: 'server', access: 'secret', optional: true, default: true }),
      DATA_DIR: envField.string({ context: 'server', access: 'secret', optional: true, default: 'data' }),
      APP_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      STRIPE_SECRET_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      STRIPE_WEBHOOK_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      STRIPE_API_BASE: envField.string({ context: 'server', access: 'secret', optional: true }),
      RESEND_API_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      RESEND_BASE_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      // Resend API requests a second for this team (Resend's documented default: 2); 429s are waited out.
      RESEND_RATE_PER_SECOND: envField.number({ context: 'server', access: 'secret', optional: true, default: 2, gt: 0 }),
      MAIL_FROM: envField.string({ context: 'server', access: 'secret', optional: true, default: 'Forum <noreply@localhost>' }),
      HOLD_MINUTES: envField.number({ context: 'server', access: 'secret', optional: true, default: 30, int: true, gt: 0 }),
      OFFER_HOURS: envField.number({ context: 'server', access: 'secret', optional: true, default: 24, int: true, gt: 0 }),
      LINK_VALID_DAYS: envField.number({ context: 'server', access: 'secret', optional: true, default: 14, int: true, gt: 0 }),
      RATE_LIMIT_FORMS: envField.number({ context: 'server', access: 'secret', optional: true, default: 20, int: true, gt: 0 }),
      RATE_LIMIT_EMAIL: envField.number({ context: 'server', access: 'secret', optional: true, default: 5, int: true, gt: 0 }),
      STAFF_AUTH_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      TRUSTED_PROXIES: envField.string({ context: 'server', access: 'secret', optional: true }),
      ORGANIZER_EMAIL: envField.string({ context: 'server', access: 'secret', optional: true }),
      JOBS_INTERVAL_SECONDS: envField.number({ context: 'server', access: 'secret', optional: true, default: 15, int: true, gt: 0 }),
      FORUM_MODE: envField.enum({ context: 'server', access: 'secret', values: ['development', 'production'], optional: true }),
    },
  },
});
