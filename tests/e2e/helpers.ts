import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe with the WCAG 2.2 AA rule set (fails with the rule ids and the offending nodes), then the 320 px reflow check. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  await expectNoSidewaysScroll(page);
}

/** At 320 px (WCAG 1.4.10 reflow; staff at the door use phones) the page does not scroll sideways; wide tables scroll inside their own box. */
export async function expectNoSidewaysScroll(page: Page) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: viewport?.height ?? 640 });
  try {
    const { width, wide } = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      // the elements that stick out, innermost first, for the failure message
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 320 && ![...e.children].some((c) => c.getBoundingClientRect().right > 320))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
    }));
    expect(width, `${page.url()} at 320 px: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

const langOf = { en: 'en', zh: 'zh-CN', 'zh-hant': 'zh-Hant' } as const;

/** Follow the language switch and check we land on the same page in the other language. */
export async function switchLanguageAndBack(page: Page, to?: 'en' | 'zh' | 'zh-hant'): Promise<void> {
  const path = new URL(page.url()).pathname;
  const [, from] = (path.match(/^\/(en|zh-hant|zh)\//) ?? []) as [string, keyof typeof langOf];
  const target = to ?? (from === 'en' ? 'zh' : 'en');
  await page.locator(`a.lang-switch[hreflang="${langOf[target]}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(`/${from}/`, `/${target}/`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await expect(page.locator('html')).toHaveAttribute('lang', langOf[target]);
  await page.locator(`a.lang-switch[hreflang="${langOf[from]}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
}

/** Every request the page makes, to catch third-party hosts. */
export function recordRequests(page: Page): URL[] {
  const urls: URL[] = [];
  page.on('request', (r) => urls.push(new URL(r.url())));
  return urls;
}

/** Wait until the offline app's service worker controls the page (it registers on the first visit). */
export async function waitForWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}
