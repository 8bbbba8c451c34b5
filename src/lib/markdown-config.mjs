import { satteri } from '@astrojs/markdown-satteri';

/**
 * The site's Markdown settings, in one place: astro.config.mjs gives them to the build (the
 * prose pages, content/pages/<en|zh>/*.md) and src/lib/markdown.ts renders a draft's body with
 * them for the organizers' preview, so the preview shows what the build will publish. Settings
 * not named here are Astro's defaults, which the build and the processor both take from the same
 * constants (@astrojs/internal-helpers/markdown). Raw HTML in Markdown is passed through as
 * written, in the build as in the preview: the site trusts its content authors.
 *
 * @type {import('astro/markdown').AstroMarkdownOptions & { processor: import('astro/markdown').MarkdownProcessor }}
 */
export const markdownConfig = { processor: satteri() };
