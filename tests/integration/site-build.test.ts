/**
 * The real build of a revision (astroBuilder): the content check runs beside `astro build`, and
 * a failed check stops the build and reports each problem with its file and field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { astroBuilder } from '../../src/features/publishing/site-build.ts';
import { testSite, type TestSite } from '../support/publishing.ts';

const paper = 'papers/hotline-evaluation-framework.yaml';
let site: TestSite | undefined;

afterEach(() => {
  site?.remove();
  site = undefined;
});

describe('astroBuilder', () => {
  it('test_build_badContent_problemsWithFileAndFieldAndTheBuildStopped', async () => {
    site = testSite();
    const file = join(site.contentDir, paper);
    writeFileSync(file, readFileSync(file, 'utf8').replace('year: 2024', 'year: "next year"'));
    const base = join(site.contentDir, '..');
    const build = astroBuilder({ root: process.cwd(), cacheDir: join(base, 'astro-cache'), dataDir: join(base, 'data') });
    const lines: string[] = [];

    const result = await build({ contentDir: site.contentDir, outDir: join(base, 'out'), log: (l) => lines.push(l) });

    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ file: paper, field: 'year' })]);
    // stopped before it finished: a finished build prints "Complete!"
    expect(lines.some((l) => l.includes('Complete!'))).toBe(false);
  }, 120_000);
});
