import { pick } from '../../src/i18n/locale.ts';
import { describe, expect, it } from 'vitest';
import { facetValues, paperKeywords, slugify } from '../../src/features/papers/facets.ts';
import { makePaper, makePublication } from '../fixtures/program.ts';

const label = (l: string) => (l === 'en' ? 'English' : 'Chinese');

describe('paper facets', () => {
  const books = makePublication({ id: 'books', order: 1 });
  const reports = makePublication({ id: 'reports', order: 2 });
  const papers = [
    makePaper({ id: 'a', year: 2024, language: 'en', collection: reports, keywords: { en: ['Hotline', 'data'], zh: ['热线'] } }),
    makePaper({ id: 'b', year: 2023, language: 'zh', collection: books, keywords: { en: ['hotline'], zh: [] } }),
    makePaper({ id: 'c', year: 2024, language: 'zh', collection: books, keywords: { en: [], zh: ['网格化管理'] } }),
  ];

  it('test_keywords_group_case_insensitively_most_used_first', () => {
    const values = facetValues(papers, 'keyword', 'en', label);
    expect(values[0]).toMatchObject({ slug: 'hotline' });
    expect(values[0].papers.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('test_keywords_fall_back_to_the_other_language', () => {
    expect(paperKeywords(papers[2], 'en')).toEqual(['网格化管理']);
    expect(paperKeywords(papers[1], 'zh')).toEqual(['hotline']);
  });

  it('test_years_newest_first_and_collections_in_content_order', () => {
    expect(facetValues(papers, 'year', 'en', label).map((v) => v.slug)).toEqual(['2024', '2023']);
    expect(facetValues(papers, 'collection', 'en', label).map((v) => v.slug)).toEqual(['books', 'reports']);
    expect(facetValues(papers, 'language', 'en', label).map((v) => [v.slug, v.papers.length])).toEqual([
      ['zh', 2],
      ['en', 1],
    ]);
  });

  it('test_slugify_keeps_chinese_and_makes_urls_safe', () => {
    expect(slugify(' Grid management ')).toBe('grid-management');
    expect(slugify('网格化管理')).toBe('网格化管理');
    expect(slugify('a/b?c#d')).toBe('a-b-c-d');
  });

  it('test_pick_marks_fallback', () => {
    expect(pick({ en: 'x' }, 'zh')).toEqual({ text: 'x', lang: 'en', fallback: true });
    expect(pick({ en: 'x', zh: '叉' }, 'zh')).toEqual({ text: '叉', lang: 'zh', fallback: false });
  });
});
