import { describe, it, expect } from 'vitest';
import {
  citationKey,
  citationMetaTags,
  escapeBibTeX,
  scholarlyArticleJsonLd,
  toBibTeX,
  toRIS,
} from '../../src/features/papers/citation.ts';
import { makePaper, makePublication } from '../fixtures/program.ts';

const en = { baseUrl: 'https://forum.example.org', locale: 'en' } as const;
const zh = { baseUrl: 'https://forum.example.org/', locale: 'zh' } as const;

/** Net depth of unescaped braces; never negative on the way, zero at the end when balanced. */
function braceDepths(text: string): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    if (text[i] === '}') depth--;
    depths.push(depth);
  }
  return depths;
}

function field(bib: string, name: string): string | undefined {
  return new RegExp(`^\\s*${name}\\s*=\\s*\\{(.*)\\},?$`, 'm').exec(bib)?.[1];
}

describe('toBibTeX', () => {
  it('writes an @incollection entry with the collection, pages and links', () => {
    const bib = toBibTeX(makePaper(), en);
    expect(bib.startsWith('@incollection{li2024digital,\n')).toBe(true);
    expect(field(bib, 'author')).toBe('Wei Li and Anna Schmidt');
    expect(field(bib, 'booktitle')).toBe('Proceedings of the Forum 2024');
    expect(field(bib, 'publisher')).toBe('Forum Press');
    expect(field(bib, 'year')).toBe('2024');
    expect(field(bib, 'pages')).toBe('1--18');
    expect(field(bib, 'doi')).toBe('10.1234/fdg.2024.01');
    expect(field(bib, 'url')).toBe('https://forum.example.org/en/papers/digital-governance/');
    expect(field(bib, 'keywords')).toBe('governance, trust');
    expect(field(bib, 'language')).toBe('english');
  });

  it('escapes LaTeX special characters', () => {
    const title = 'R&D: 50% of $x, #1 in under_score {set} ~ ^ back\\slash';
    const bib = toBibTeX(makePaper({ title: { en: title } }), en);
    expect(field(bib, 'title')).toBe(
      'R\\&D: 50\\% of \\$x, \\#1 in under\\_score \\{set\\} \\textasciitilde{} \\textasciicircum{} back\\textbackslash{}slash',
    );
    expect(escapeBibTeX('a & b')).toBe('a \\& b');
  });

  it('keeps braces balanced even when the text has stray braces', () => {
    const bib = toBibTeX(makePaper({ title: { en: 'Unbalanced } brace {{' }, abstract: { en: 'Ends with a backslash \\' } }), en);
    const depths = braceDepths(bib);
    expect(Math.min(...depths)).toBeGreaterThanOrEqual(0);
    expect(depths.at(-1)).toBe(0);
  });

  it('keeps Chinese text as UTF-8 and falls back to the paper id for the key', () => {
    const paper = makePaper({
      id: 'shuzi-zhili',
      title: { zh: '数字治理与公众信任' },
      authors: [{ name: { zh: '李伟' }, affiliation: { zh: '复旦大学' } }],
    });
    const bib = toBibTeX(paper, zh);
    expect(bib.startsWith('@incollection{shuzi-zhili,')).toBe(true);
    expect(field(bib, 'title')).toBe('数字治理与公众信任');
    expect(field(bib, 'author')).toBe('{李伟}');
    expect(field(bib, 'booktitle')).toBe('2024论坛论文集');
    expect(field(bib, 'url')).toBe('https://forum.example.org/zh/papers/shuzi-zhili/');
  });
});

describe('toBibTeX with missing text', () => {
  it('uses the other language when the locale has no text', () => {
    const bib = toBibTeX(makePaper({ title: { zh: '只有中文标题' }, abstract: { en: 'English abstract only' } }), {
      ...zh,
    });
    expect(field(bib, 'title')).toBe('只有中文标题');
    expect(field(bib, 'abstract')).toBe('English abstract only');
    const enBib = toBibTeX(makePaper({ title: { zh: '只有中文标题' } }), en);
    expect(field(enBib, 'title')).toBe('只有中文标题');
  });

  it('leaves out optional fields that are missing', () => {
    const bib = toBibTeX(makePaper({ pages: undefined, doi: undefined, collection: makePublication({ publisher: undefined }) }), en);
    expect(field(bib, 'pages')).toBeUndefined();
    expect(field(bib, 'doi')).toBeUndefined();
    expect(field(bib, 'publisher')).toBeUndefined();
  });
});

describe('citationKey', () => {
  it('is ASCII-only, built from surname, year and first significant title word', () => {
    expect(
      citationKey(makePaper({ title: { en: 'The Müller Effect' }, authors: [{ name: { en: 'José Müller' }, affiliation: {} }] })),
    ).toBe('muller2024muller');
  });
});

describe('toRIS', () => {
  it('writes the tags in order with ER last and CRLF line endings', () => {
    const ris = toRIS(makePaper(), en);
    expect(ris.endsWith('ER  - \r\n')).toBe(true);
    expect(/(?<!\r)\n/.test(ris)).toBe(false);
    const lines = ris.split('\r\n').slice(0, -1);
    expect(lines.map((l) => l.slice(0, 2))).toEqual([
      'TY',
      'AU',
      'AU',
      'TI',
      'T2',
      'PB',
      'PY',
      'DA',
      'SP',
      'EP',
      'DO',
      'UR',
      'KW',
      'KW',
      'AB',
      'LA',
      'ER',
    ]);
    expect(lines).toContain('TY  - CHAP');
    expect(lines).toContain('AU  - Li, Wei');
    expect(lines).toContain('AU  - Schmidt, Anna');
    expect(lines).toContain('T2  - Proceedings of the Forum 2024');
    expect(lines).toContain('SP  - 1');
    expect(lines).toContain('EP  - 18');
    expect(lines).toContain('DA  - 2024/12/19/');
    expect(lines.every((l) => /^[A-Z][A-Z0-9] {2}- /.test(l))).toBe(true);
  });

  it('keeps Chinese names whole and multi-line text on one line', () => {
    const ris = toRIS(makePaper({ abstract: { zh: '第一行\n第二行' } }), zh);
    expect(ris).toContain('AU  - 李伟\r\n');
    expect(ris).toContain('AB  - 第一行 第二行\r\n');
  });
});

describe('citationMetaTags', () => {
  it('gives one citation_author per author, each followed by the institution', () => {
    const tags = citationMetaTags(makePaper(), en);
    const names = tags.map((t) => t.name);
    expect(tags.filter((t) => t.name === 'citation_author').map((t) => t.content)).toEqual(['Wei Li', 'Anna Schmidt']);
    const first = names.indexOf('citation_author');
    expect(names.slice(first, first + 4)).toEqual([
      'citation_author',
      'citation_author_institution',
      'citation_author',
      'citation_author_institution',
    ]);
  });

  it('uses absolute URLs and the Scholar date and page formats', () => {
    const tags = Object.fromEntries(citationMetaTags(makePaper(), zh).map((t) => [t.name, t.content]));
    expect(tags.citation_pdf_url).toBe('https://forum.example.org/papers/digital-governance.pdf');
    expect(tags.citation_abstract_html_url).toBe('https://forum.example.org/zh/papers/digital-governance/');
    expect(tags.citation_publication_date).toBe('2024/12/19');
    expect(tags.citation_firstpage).toBe('1');
    expect(tags.citation_lastpage).toBe('18');
    expect(tags.citation_doi).toBe('10.1234/fdg.2024.01');
    expect(tags.citation_inbook_title).toBe('2024论坛论文集');
    expect(tags.citation_language).toBe('en');
    expect(tags.citation_keywords).toBe('治理; 信任');
    expect(tags.citation_title).toBe('数字治理与公众信任');
  });

  it('falls back to the year and the other language', () => {
    const tags = citationMetaTags(makePaper({ published: undefined }), zh);
    expect(tags.find((t) => t.name === 'citation_publication_date')?.content).toBe('2024');
    // The second author has only an English name.
    expect(tags.filter((t) => t.name === 'citation_author').map((t) => t.content)).toEqual(['李伟', 'Anna Schmidt']);
  });
});

describe('scholarlyArticleJsonLd', () => {
  it('is a schema.org ScholarlyArticle with authors, collection, PDF and DOI', () => {
    const ld = scholarlyArticleJsonLd(makePaper(), en) as Record<string, unknown>;
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('ScholarlyArticle');
    expect(ld.headline).toBe('Digital Governance & Public Trust');
    expect(ld.author).toEqual([
      { '@type': 'Person', name: 'Wei Li', affiliation: { '@type': 'Organization', name: 'Fudan University' } },
      { '@type': 'Person', name: 'Anna Schmidt', affiliation: { '@type': 'Organization', name: 'University of Hamburg' } },
    ]);
    expect(ld.datePublished).toBe('2024-12-19');
    expect(ld.inLanguage).toBe('en');
    expect(ld.isPartOf).toMatchObject({ '@type': 'Book', name: 'Proceedings of the Forum 2024' });
    expect(ld.encoding).toMatchObject({
      encodingFormat: 'application/pdf',
      contentUrl: 'https://forum.example.org/papers/digital-governance.pdf',
    });
    expect(ld.sameAs).toBe('https://doi.org/10.1234/fdg.2024.01');
    expect(ld.url).toBe('https://forum.example.org/en/papers/digital-governance/');
    expect(JSON.parse(JSON.stringify(ld))).toEqual(ld);
  });

  it('uses the fallback language text when the locale is missing', () => {
    const ld = scholarlyArticleJsonLd(makePaper({ title: { en: 'Only English' }, language: 'zh' }), zh) as Record<string, unknown>;
    expect(ld.name).toBe('Only English');
    expect(ld.abstract).toBe('本文研究信任。');
    expect(ld.inLanguage).toBe('zh-CN');
  });
});
