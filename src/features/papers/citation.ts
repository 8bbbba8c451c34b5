/**
 * Citation formats for a paper: BibTeX, RIS, Google Scholar (Highwire) meta tags and
 * schema.org ScholarlyArticle JSON-LD. Text is taken in ctx.locale, falling back to the
 * other language when missing.
 */
import { type Locale, listIn, str } from '../../i18n/locale.ts';
import type { PaperInfo } from '../program/program.types.ts';
import { absolute, routes } from '../../lib/routes.ts';

export interface CitationContext {
  /** site origin without trailing slash, e.g. https://forum.example.org */
  baseUrl: string;
  locale: Locale;
}

function base(ctx: CitationContext): string {
  return ctx.baseUrl.replace(/\/+$/, '');
}

export function paperUrl(paper: PaperInfo, ctx: CitationContext): string {
  return absolute(ctx.baseUrl, routes.paper(ctx.locale, paper.id));
}

export function pdfUrl(paper: PaperInfo, ctx: CitationContext): string {
  return /^https?:\/\//.test(paper.pdf) ? paper.pdf : `${base(ctx)}${paper.pdf.startsWith('/') ? '' : '/'}${paper.pdf}`;
}

function pageRange(paper: PaperInfo): { first?: string; last?: string } {
  if (!paper.pages) return {};
  const [first, last] = paper.pages.split(/-+/);
  return { first, last: last ?? first };
}

function keywords(paper: PaperInfo, locale: Locale): string[] {
  const own = listIn(paper.keywords, locale);
  return own.length > 0 ? own : paper.keywords[locale === 'en' ? 'zh' : 'en'];
}

/** One line, no runs of whitespace: for fields that must not break. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const CJK = /[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]/;

const bibSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Escapes LaTeX specials in a single pass (so the backslashes we add are not escaped again). */
export function escapeBibTeX(text: string): string {
  return oneLine(text).replace(/[\\{}&%$#_~^]/g, (c) => bibSpecials[c] ?? c);
}

/** ASCII letters and digits only, accents dropped ("Müller" → "Muller"). */
function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
}

const stopWords = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'and', 'to', 'towards', 'toward']);

/** e.g. "li2024digital"; the paper id when the first author has no Latin-script name. */
export function citationKey(paper: PaperInfo): string {
  const author = paper.authors[0];
  const name = oneLine(author?.name.en ?? '');
  const surname = ascii(name.includes(',') ? (name.split(',')[0] ?? '') : (name.split(' ').at(-1) ?? '')).toLowerCase();
  const word = (paper.title.en ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => ascii(w).toLowerCase())
    .find((w) => w && !stopWords.has(w));
  if (!surname || CJK.test(name)) return paper.id.replace(/[^A-Za-z0-9_:-]/g, '-');
  return `${surname}${paper.year}${word ?? ''}`;
}

function authorNames(paper: PaperInfo, locale: Locale): string[] {
  return paper.authors.map((a) => oneLine(str(a.name, locale))).filter(Boolean);
}

/** "Wei Li" → "Li, Wei" for formats that want surname first; CJK and "Last, First" names stay as they are. */
function surnameFirst(name: string): string {
  if (name.includes(',') || CJK.test(name) || !name.includes(' ')) return name;
  const i = name.lastIndexOf(' ');
  return `${name.slice(i + 1)}, ${name.slice(0, i)}`;
}

const bibLanguage: Record<Locale, string> = { en: 'english', zh: 'chinese', 'zh-hant': 'chinese' };

/** @incollection entry; URL and DOI are left unescaped as BibTeX/biblatex read them verbatim. */
export function toBibTeX(paper: PaperInfo, ctx: CitationContext): string {
  const { locale } = ctx;
  const { first, last } = pageRange(paper);
  // Names in braces are kept whole: BibTeX would otherwise try to split a CJK name or one containing "and".
  const authors = authorNames(paper, locale)
    .map((n) => (CJK.test(n) || /\band\b/.test(n) ? `{${escapeBibTeX(n)}}` : escapeBibTeX(n)))
    .join(' and ');
  const fields: [string, string | undefined][] = [
    ['author', authors],
    ['title', escapeBibTeX(str(paper.title, locale))],
    ['booktitle', escapeBibTeX(str(paper.collection.title, locale))],
    ['publisher', paper.collection.publisher ? escapeBibTeX(str(paper.collection.publisher, locale)) : undefined],
    ['year', String(paper.year)],
    ['pages', first ? (last && last !== first ? `${first}--${last}` : first) : undefined],
    ['doi', paper.doi],
    ['url', paperUrl(paper, ctx)],
    ['keywords', escapeBibTeX(keywords(paper, locale).join(', '))],
    ['abstract', escapeBibTeX(str(paper.abstract, locale))],
    ['language', bibLanguage[paper.language]],
  ];
  const body = fields
    .filter((f): f is [string, string] => Boolean(f[1]))
    .map(([k, v]) => `  ${k.padEnd(9)} = {${v}}`)
    .join(',\n');
  return `@incollection{${citationKey(paper)},\n${body}\n}\n`;
}

/** RIS record (TY CHAP … ER), CRLF line endings. */
export function toRIS(paper: PaperInfo, ctx: CitationContext): string {
  const { locale } = ctx;
  const { first, last } = pageRange(paper);
  const lines: [string, string | undefined][] = [
    ['TY', 'CHAP'],
    ...authorNames(paper, locale).map((n): [string, string] => ['AU', surnameFirst(n)]),
    ['TI', str(paper.title, locale)],
    ['T2', str(paper.collection.title, locale)],
    ['PB', str(paper.collection.publisher, locale) || undefined],
    ['PY', String(paper.year)],
    ['DA', paper.published ? `${paper.published.replaceAll('-', '/')}/` : undefined],
    ['SP', first],
    ['EP', last],
    ['DO', paper.doi],
    ['UR', paperUrl(paper, ctx)],
    ...keywords(paper, locale).map((k): [string, string] => ['KW', k]),
    ['AB', str(paper.abstract, locale)],
    ['LA', paper.language],
  ];
  const out = lines.filter((l): l is [string, string] => Boolean(l[1])).map(([tag, v]) => `${tag}  - ${oneLine(v)}`);
  out.push('ER  - ');
  return out.join('\r\n') + '\r\n';
}

/** Highwire Press tags that Google Scholar reads, in the order it documents. */
export function citationMetaTags(paper: PaperInfo, ctx: CitationContext): { name: string; content: string }[] {
  const { locale } = ctx;
  const { first, last } = pageRange(paper);
  const tags: { name: string; content: string }[] = [];
  const add = (name: string, content: string | undefined) => {
    if (content) tags.push({ name, content: oneLine(content) });
  };
  add('citation_title', str(paper.title, locale));
  for (const a of paper.authors) {
    add('citation_author', str(a.name, locale));
    add('citation_author_institution', str(a.affiliation, locale));
  }
  add('citation_publication_date', paper.published ? paper.published.replaceAll('-', '/') : String(paper.year));
  add('citation_inbook_title', str(paper.collection.title, locale));
  add('citation_publisher', str(paper.collection.publisher, locale));
  add('citation_pdf_url', pdfUrl(paper, ctx));
  add('citation_language', paper.language);
  add('citation_keywords', keywords(paper, locale).join('; '));
  add('citation_firstpage', first);
  add('citation_lastpage', last);
  add('citation_doi', paper.doi);
  add('citation_abstract_html_url', paperUrl(paper, ctx));
  return tags;
}

/** schema.org ScholarlyArticle for a <script type="application/ld+json">. */
export function scholarlyArticleJsonLd(paper: PaperInfo, ctx: CitationContext): object {
  const { locale } = ctx;
  const { first, last } = pageRange(paper);
  const title = str(paper.title, locale);
  const publisher = str(paper.collection.publisher, locale);
  const url = paperUrl(paper, ctx);
  const kw = keywords(paper, locale);
  return {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    '@id': url,
    headline: title,
    name: title,
    author: paper.authors.map((a) => {
      const affiliation = str(a.affiliation, locale);
      return {
        '@type': 'Person',
        name: str(a.name, locale),
        ...(affiliation ? { affiliation: { '@type': 'Organization', name: affiliation } } : {}),
      };
    }),
    datePublished: paper.published ?? String(paper.year),
    inLanguage: paper.language === 'zh' ? 'zh-CN' : 'en',
    ...(kw.length > 0 ? { keywords: kw.join(', ') } : {}),
    abstract: str(paper.abstract, locale),
    isPartOf: {
      '@type': 'Book',
      name: str(paper.collection.title, locale),
      datePublished: String(paper.collection.year),
      ...(publisher ? { publisher: { '@type': 'Organization', name: publisher } } : {}),
    },
    ...(first ? { pageStart: first, pageEnd: last } : {}),
    url,
    encoding: { '@type': 'MediaObject', encodingFormat: 'application/pdf', contentUrl: pdfUrl(paper, ctx) },
    ...(paper.doi
      ? {
          sameAs: `https://doi.org/${paper.doi}`,
          identifier: { '@type': 'PropertyValue', propertyID: 'DOI', value: paper.doi },
        }
      : {}),
  };
}
