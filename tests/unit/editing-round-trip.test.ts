/**
 * The editor's form model and file round-trip over every real content file (the example
 * content and the two-edition fixture): data → form values → data gives the same data, and
 * writing it back gives the very same text.
 */
import { execFileSync } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editableCollections, entryOfPath, fileExtension } from '../../src/features/editing/collections.ts';
import { readContentFile, writeContentFile } from '../../src/features/editing/content-file.ts';
import { fromFormValues, toFormValues } from '../../src/features/editing/form-values.ts';
import type { FieldDescriptor } from '../../src/features/editing/form-model.ts';
import { formOf } from '../../src/site/editing-schemas.ts';

const upcoming = mkdtempSync(join(tmpdir(), 'forum-upcoming-'));
execFileSync(process.execPath, ['scripts/upcoming-content.mjs', upcoming]);
afterAll(() => rmSync(upcoming, { recursive: true, force: true }));

const files = (root: string) =>
  editableCollections.flatMap((collection) =>
    globSync(`${collection}/**/*${fileExtension(collection)}`, { cwd: root }).map((path) => ({ root, path })),
  );
const all = [...files('content'), ...files(upcoming)];

describe('editing round-trip', () => {
  it('test_there_are_files_of_every_collection', () => {
    for (const collection of editableCollections) expect(all.some((f) => f.path.startsWith(`${collection}/`))).toBe(true);
    expect(all.length).toBeGreaterThan(100);
  });

  it.each(all.map((f) => [`${f.root === 'content' ? 'content' : 'upcoming'}/${f.path}`, f] as const))(
    'test_unchanged_form_gives_identical_text_%s',
    (_name, { root, path }) => {
      const entry = entryOfPath(path);
      expect(entry, path).toBeDefined();
      const markdown = path.endsWith('.md');
      const text = readFileSync(join(root, path), 'utf8');
      const file = readContentFile(text, markdown);
      const fields = formOf(entry!.collection);
      const values = toFormValues(fields, file.data);
      const data = fromFormValues(fields, values, file.data);
      expect(data).toEqual(file.data);
      const written = writeContentFile(
        text,
        { data, body: file.body },
        fields.map((f) => f.key),
        markdown,
      );
      expect(written).toBe(text);
    },
  );
});

describe('editing a file', () => {
  const paperText = readFileSync('content/papers/hotline-evaluation-framework.yaml', 'utf8');
  const fields = formOf('papers');
  const order = fields.map((f) => f.key);

  it('test_form_model_of_papers_reads_the_schema', () => {
    const kinds = Object.fromEntries(fields.map((f) => [f.key, f.kind]));
    expect(kinds).toMatchObject({
      title: 'localized',
      authors: 'group',
      abstract: 'localized',
      keywords: 'localizedList',
      collection: 'reference',
      year: 'number',
      language: 'enum',
      pdf: 'file',
      session: 'reference',
      published: 'text',
      sample: 'boolean',
    });
    expect(fields.find((f) => f.key === 'collection')).toMatchObject({ collection: 'publications', required: true });
    expect(fields.find((f) => f.key === 'session')).toMatchObject({ collection: 'sessions', required: false });
    expect(fields.find((f) => f.key === 'published')).toMatchObject({ input: 'date' });
    expect(fields.find((f) => f.key === 'title')?.help).toBe('Title of the paper');
    const sessions = Object.fromEntries(formOf('sessions').map((f) => [f.key, f]));
    expect(sessions.chairs).toMatchObject({ kind: 'referenceList', collection: 'speakers' });
    expect(sessions.languages).toMatchObject({ kind: 'enumList', options: ['en', 'zh'] });
    expect(sessions.start).toMatchObject({ kind: 'text', input: 'time' });
    const agenda = sessions.agenda;
    expect(agenda.kind === 'group' && agenda.fields.find((f) => f.key === 'paper')).toMatchObject({
      kind: 'reference',
      collection: 'papers',
    });
  });

  it('test_changing_one_field_changes_only_its_line_and_keeps_the_comment', () => {
    const file = readContentFile(paperText, false);
    const values = { ...toFormValues(fields, file.data), 'title.en': 'A New Title', pages: '' };
    const data = fromFormValues(fields, values, file.data);
    const written = writeContentFile(paperText, { data }, order, false);
    const expected = paperText
      .replace('en: "A Framework for Evaluating City Hotline Services"', 'en: "A New Title"')
      .replace('pages: "1-24"\n', '');
    expect(written).toBe(expected);
    expect(written.startsWith('# Sample paper')).toBe(true);
  });

  it('test_new_file_has_schema_order_quoted_dates_and_no_empty_optional_fields', () => {
    const values = {
      'title.en': 'Open Data',
      'title.zh': '',
      'authors.0.name.en': 'Author M',
      'authors.0.affiliation.en': 'Example Institute',
      'authors.1.name.en': '',
      'abstract.zh': '摘要',
      'keywords.en': 'open data\nhotline',
      collection: 'research-papers',
      year: '2024',
      language: 'en',
      pdf: `/files/${'a'.repeat(64)}.pdf`,
      published: '2024-12-19',
      doi: '',
      sample: '',
    };
    const data = fromFormValues(fields, values, {});
    expect(writeContentFile(undefined, { data }, order, false)).toBe(
      [
        'title:',
        '  en: Open Data',
        'authors:',
        '  - name:',
        '      en: Author M',
        '    affiliation:',
        '      en: Example Institute',
        'abstract:',
        '  zh: 摘要',
        'keywords:',
        '  en:',
        '    - open data',
        '    - hotline',
        'collection: research-papers',
        'year: 2024',
        'language: en',
        `pdf: /files/${'a'.repeat(64)}.pdf`,
        'published: "2024-12-19"',
        '',
      ].join('\n'),
    );
  });

  it('test_markdown_page_keeps_frontmatter_and_takes_the_new_body', () => {
    const text = readFileSync('content/pages/en/venue.md', 'utf8');
    const file = readContentFile(text, true);
    const written = writeContentFile(
      text,
      { data: file.data, body: 'New body.\n' },
      formOf('pages').map((f) => f.key),
      true,
    );
    expect(written).toBe(`${text.slice(0, text.indexOf('---', 3) + 4)}New body.\n`);
  });

  it('test_removed_group_row_and_list_order_are_kept', () => {
    const text = readFileSync('content/sessions/parallel-1.yaml', 'utf8');
    const sessionFields = formOf('sessions');
    const file = readContentFile(text, false);
    const values = { ...toFormValues(sessionFields, file.data), 'agenda.2._remove': 'on' };
    const data = fromFormValues(sessionFields, values, file.data);
    expect((data.agenda as unknown[]).length).toBe(4);
    expect(data.languages).toEqual(['zh', 'en']);
    const written = writeContentFile(
      text,
      { data },
      sessionFields.map((f) => f.key),
      false,
    );
    expect(written).not.toContain('Tea break');
    expect(written).toContain('languages: [zh, en]');
  });
});

describe('editing labels', () => {
  it('test_every_form_field_has_a_label_in_english_and_chinese', async () => {
    const { en, zh } = await import('../../src/i18n/catalogues.ts');
    const keys = new Set<string>();
    const walk = (fields: FieldDescriptor[]) =>
      fields.forEach((f) => {
        keys.add(f.key);
        if (f.kind === 'group') walk(f.fields);
      });
    for (const collection of editableCollections) walk(formOf(collection));
    const missing = [...keys].filter((key) => !(`editing.field.${key}` in en) || !(`editing.field.${key}` in zh));
    expect(missing).toEqual([]);
  });
});
