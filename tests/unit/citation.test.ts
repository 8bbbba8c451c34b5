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
  it('test_writes_an_incollection_entry_with_the_collection_pages_and_links', () => {
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

  it('test_escapes_latex_special_characters', () => {
    const title = 'R&D: 50% of $x, #1 in under_score {set} ~ ^ back\\slash';
    const bib = toBibTeX(makePaper({ title: { en: title } }), en);
    expect(field(bib, 'title')).toBe(
      'R\\&D: 50\\% of \\$x, \\#1 in under\\_score \\{set\\} \\textasciitilde{} \\textasciicircum{} back\\textbackslash{}slash',
    );
    expect(escapeBibTeX('a & b')).toBe('a \\& b');
  });

  it('test_keeps_braces_balanced_even_when_the_text_has_stray_braces', () => {
    const bib = toBibTeX(makePaper({ title: { en: 'Unbalanced } brace {{' }, abstract: { en: 'Ends with a backslash \\' } }), en);
    const depths = braceDepths(bib);
    expect(Math.min(...depths)).toBeGreaterThanOrEqual(0);
    expect(depths.at(-1)).toBe(0);
  });

  it('test_keeps_chinese_text_as_utf_8_and_falls_back_to_the_paper_id_for_the_key', () => {
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
  it('test_uses_the_other_language_when_the_locale_has_no_text', () => {
    const bib = toBibTeX(makePaper({ title: { zh: '只有中文标题' }, abstract: { en: 'English abstract only' } }), {
      ...zh,
    });
    expect(field(bib, 'title')).toBe('只有中文标题');
    expect(field(bib, 'abstract')).toBe('English abstract only');
    const enBib = toBibTeX(makePaper({ title: { zh: '只有中文标题' } }), en);
    expect(field(enBib, 'title')).toBe('只有中文标题');
  });

  it('test_leaves_out_optional_fields_that_are_missing', () => {
    const bib = toBibTeX(makePaper({ pages: undefined, doi: undefined, collection: makePublication({ publisher: undefined }) }), en);
    expect(field(bib, 'pages')).toBeUndefined();
    expect(field(bib, 'doi')).toBeUndefined();
    expect(field(bib, 'publisher')).toBeUndefined();
  });
});

describe('citationKey', () => {
  it('test_is_ascii_only_built_from_surname_year_and_first_significant_title_word', () => {
    expect(
      citationKey(makePaper({ title: { en: 'The Müller Effect' }, authors: [{ name: { en: 'José Müller' }, affiliation: {} }] })),
    ).toBe('muller2024muller');
  });
});

describe('toRIS', () => {
  it('test_writes_the_tags_in_order_with_er_last_and_crlf_line_endings', () => {
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

  it('test_keeps_chinese_names_whole_and_multi_line_text_on_one_line', () => {
    const ris = toRIS(makePaper({ abstract: { zh: '第一行\n第二行' } }), zh);
    expect(ris).toContain('AU  - 李伟\r\n');
    expect(ris).toContain('AB  - 第一行 第二行\r\n');
  });
});

describe('citationMetaTags', () => {
  it('test_gives_one_citation_author_per_author_each_followed_by_the_institution', () => {
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

  it('test_uses_absolute_urls_and_the_scholar_date_and_page_formats', () => {
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

  it('test_falls_back_to_the_year_and_the_other_language', () => {
    const tags = citationMetaTags(makePaper({ published: undefined }), zh);
    expect(tags.find((t) => t.name === 'citation_publication_date')?.content).toBe('2024');
    // The second author has only an English name.
    expect(tags.filter((t) => t.name === 'citation_author').map((t) => t.content)).toEqual(['李伟', 'Anna Schmidt']);
  });
});

describe('scholarlyArticleJsonLd', () => {
  it('test_is_a_schema_org_scholarlyarticle_with_authors_collection_pdf_and_doi', () => {
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

  it('test_uses_the_fallback_language_text_when_the_locale_is_missing', () => {
    const ld = scholarlyArticleJsonLd(makePaper({ title: { en: 'Only English' }, language: 'zh' }), zh) as Record<string, unknown>;
    expect(ld.name).toBe('Only English');
    expect(ld.abstract).toBe('本文研究信任。');
    expect(ld.inLanguage).toBe('zh-CN');
  });
});
