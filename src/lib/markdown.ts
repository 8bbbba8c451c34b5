/**
 * Markdown to HTML at request time, with the build's processor and settings (markdown-config.mjs),
 * called the way Astro's content layer calls it for a .md entry: the body without its frontmatter,
 * trimmed, with the entry's data as frontmatter. The HTML is not sanitized, as in the build: raw
 * HTML written by a content author is kept, and only signed-in staff see a draft before it is published.
 */
import type { MarkdownHeading } from 'astro';
import type { MarkdownRenderer } from 'astro/markdown';
import { markdownConfig } from './markdown-config.mjs';

export interface RenderedMarkdown {
  html: string;
  /** the headings with the ids the build gives them */
  headings: MarkdownHeading[];
}

let renderer: Promise<MarkdownRenderer> | undefined;

/** The renderer is made once: the first one loads the syntax highlighter. */
function markdownRenderer(): Promise<MarkdownRenderer> {
  if (!renderer) {
    const { processor, ...shared } = markdownConfig;
    renderer = processor.createRenderer(shared);
    renderer.catch(() => (renderer = undefined));
  }
  return renderer;
}

export async function renderMarkdown(body: string, frontmatter: Record<string, unknown> = {}): Promise<RenderedMarkdown> {
  const { code, metadata } = await (await markdownRenderer()).render(body.trim(), { frontmatter });
  return { html: code, headings: metadata.headings };
}
