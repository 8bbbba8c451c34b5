/**
 * The search page: Pagefind's API, with only the hits on screen loaded and drawn. A common word
 * matches thousands of pages; search() answers with all of them as ids and scores, and data()
 * fetches the title and excerpt of the first ten, then ten more per "show more".
 */
import { excerptNodes } from './excerpt.ts';
import { loadPagefind, type PagefindHit, type PagefindPage } from './pagefind.ts';

const PAGE = 10;
/** Pause after a keystroke before searching, so typing a word runs one search, not one per letter. */
const TYPING_MS = 120;
/** Pause before the one retry of a search whose loading failed. */
const RETRY_MS = 300;

interface Messages {
  one: string;
  many: string;
  none: string;
  shown: string;
  failed: string;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function resultItem(page: PagefindPage): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = page.url;
  link.textContent = page.meta.title ?? page.url;
  const heading = document.createElement('h2');
  heading.append(link);
  item.append(heading);
  const type = page.filters.type?.[0];
  if (type) {
    const label = document.createElement('p');
    label.className = 'search-type';
    label.textContent = type;
    item.append(label);
  }
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(page.excerpt));
  item.append(excerpt);
  return item;
}

export function startSearch(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[type=search]');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  if (!input || !status || !list || !(more instanceof HTMLButtonElement)) return;
  const bundle = form.dataset.bundle ?? '/pagefind/';
  const messages = form.dataset as unknown as Messages;
  const number = new Intl.NumberFormat(document.documentElement.lang);

  let hits: PagefindHit[] = [];
  let query = '';
  let shown = 0;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const say = (text: string) => {
    status.textContent = text;
  };
  const countText = () => fill(hits.length === 1 ? messages.one : messages.many, { count: number.format(hits.length), query });

  /** Draws the next PAGE hits; false when a newer search started meanwhile. */
  async function showNext(run: number): Promise<HTMLLIElement[] | null> {
    const pages = await Promise.all(hits.slice(shown, shown + PAGE).map((hit) => hit.data()));
    if (run !== generation) return null;
    const items = pages.map(resultItem);
    list!.append(...items);
    shown += items.length;
    more!.hidden = shown >= hits.length;
    return items;
  }

  /** Pagefind's hits for term; after a failure (a dropped request) once more, loading afresh. */
  async function find(term: string) {
    try {
      return await (await loadPagefind(bundle)).search(term);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      return (await loadPagefind(bundle)).search(term);
    }
  }

  async function run(term: string) {
    const run = ++generation;
    query = term;
    if (!term) {
      hits = [];
      shown = 0;
      list!.replaceChildren();
      more!.hidden = true;
      say('');
      return;
    }
    list!.setAttribute('aria-busy', 'true');
    try {
      const found = await find(term);
      if (run !== generation || !found) return;
      hits = found.results;
      shown = 0;
      list!.replaceChildren();
      if (!(await showNext(run))) return;
      say(hits.length ? countText() : fill(messages.none, { query }));
    } catch {
      if (run === generation) say(messages.failed);
    } finally {
      if (run === generation) list!.removeAttribute('aria-busy');
    }
  }

  /** Keeps the words in the address, so reloading or sharing the page repeats the search. */
  function remember(term: string) {
    const url = new URL(location.href);
    if (term) url.searchParams.set('q', term);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    // Fetch the index chunks of the words while the pause runs, so that search() finds them loaded.
    const typed = input.value.trim();
    if (typed)
      void loadPagefind(bundle).then(
        (pagefind) => pagefind.preload(typed).catch(() => undefined),
        () => undefined,
      );
    timer = setTimeout(() => {
      const term = input.value.trim();
      remember(term);
      void run(term);
    }, TYPING_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const term = input.value.trim();
    remember(term);
    void run(term);
  });
  async function showMore() {
    const items = await showNext(generation).catch(() => null);
    if (!items?.length) return;
    // Keyboard and screen reader users continue at the first new hit.
    items[0]?.querySelector('a')?.focus();
    say(`${countText()} ${fill(messages.shown, { shown: number.format(shown), count: number.format(hits.length) })}`);
  }
  more.addEventListener('click', () => void showMore());

  form.hidden = false;
  const fallback = document.getElementById('search-fallback');
  if (fallback) fallback.hidden = true;
  const initial = new URL(location.href).searchParams.get('q')?.trim() ?? '';
  if (initial) {
    input.value = initial;
    void run(initial);
  } else {
    // Load the search engine and index entry while the reader starts typing.
    void loadPagefind(bundle).catch(() => undefined);
  }
}
