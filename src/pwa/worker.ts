/**
 * The offline app: the service worker script (/sw.js), its registration snippet and the web app
 * manifest. Built with the site, so each build's worker has its own cache version.
 */
import source from './service-worker.js?raw';
import { locales, type Locale } from '../i18n/locale.ts';
import { htmlLang, t } from '../i18n/t.ts';
import { routes } from '../lib/routes.ts';

export { registerScript } from './register-script.mjs';

/** The worker source with this build's constants in front. */
export function workerScript(version: string): string {
  const build = {
    version,
    locales,
    notices: Object.fromEntries(locales.map((l) => [l, { lang: htmlLang[l], text: t(l, 'offline.savedCopy') }])),
    precache: locales.flatMap((l) => [routes.home(l), routes.program(l)]),
  };
  return `const BUILD = ${JSON.stringify(build)};\n${source}`;
}

/** The web app manifest, per language (the installed app opens at that language's program). */
export function manifest(locale: Locale, name: string, shortName: string) {
  return {
    name,
    short_name: shortName,
    lang: htmlLang[locale],
    start_url: routes.program(locale),
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#a4161a',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  };
}
