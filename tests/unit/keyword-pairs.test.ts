import { describe, expect, it } from 'vitest';
import { keywordCounterpart } from '../../src/features/papers/keyword-pairs.ts';
import { makePaper, makePublication } from '../fixtures/program.ts';

describe('keyword pages in both languages', () => {
  const books = makePublication({ id: 'books', order: 1 });
  const papers = [
    makePaper({ id: 'a', collection: books, keywords: { en: ['Hotline', 'data'], zh: ['热线', '数据'] } }),
    makePaper({ id: 'b', collection: books, keywords: { en: ['hotline'], zh: ['热线'] } }),
    makePaper({ id: 'c', collection: books, keywords: { en: ['data'], zh: ['资料'] } }),
    makePaper({ id: 'd', collection: books, keywords: { en: ['grid'], zh: [] } }),
  ];

  it('test_a_keyword_translated_alike_on_every_paper_pairs_both_ways', () => {
    expect(keywordCounterpart(papers, 'en', 'hotline', 'zh')).toBe('热线');
    expect(keywordCounterpart(papers, 'zh', '热线', 'en')).toBe('hotline');
  });

  it('test_a_keyword_translated_differently_or_missing_has_no_pair', () => {
    expect(keywordCounterpart(papers, 'en', 'data', 'zh')).toBeUndefined();
    expect(keywordCounterpart(papers, 'zh', '数据', 'en')).toBeUndefined();
    expect(keywordCounterpart(papers, 'en', 'grid', 'zh')).toBeUndefined();
  });
});
