// The built pages Pagefind is given (scripts/search-index.mjs): those that can carry
// `data-pagefind-body` — papers, and the current edition's sessions and speakers. A page type
// that gains the attribute must be added here (tests/e2e/search-index.spec.ts checks the two agree).
export const SEARCH_PAGES = '{en,zh,zh-hant}/{papers,sessions,speakers}/*/index.html';
