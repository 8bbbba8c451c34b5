import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/features/program/content-rules.ts';
import { checkEditionPaths, currentEdition, editionOf, editionPath } from '../../src/features/program/editions.ts';

const entry = (id: string, startDate: string, current = false, path?: string) => ({
  id,
  file: `content/event/${id}.yaml`,
  current,
  path,
  startDate,
});

function contentError(call: () => unknown): ContentError {
  try {
    call();
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected a ContentError');
}

describe('editions', () => {
  it('test_edition_path_defaults_to_the_year_of_start_date', () => {
    expect(editionPath(entry('beijing-2024', '2024-12-19'))).toBe('2024');
    expect(editionPath(entry('beijing-2024', '2024-12-19', false, 'winter-2024'))).toBe('winter-2024');
  });

  it('test_current_edition_single_file_is_current_without_the_mark', () => {
    expect(currentEdition([entry('beijing-2024', '2024-12-19')]).id).toBe('beijing-2024');
  });

  it('test_current_edition_the_marked_one_among_several', () => {
    expect(currentEdition([entry('beijing-2024', '2024-12-19'), entry('beijing-2027', '2027-12-16', true)]).id).toBe('beijing-2027');
  });

  it('test_current_edition_several_without_mark_names_the_files', () => {
    const error = contentError(() => currentEdition([entry('beijing-2024', '2024-12-19'), entry('beijing-2027', '2027-12-16')]));
    expect(error.message).toBe(
      'content/event/: current: several editions and none is marked current: true: beijing-2024.yaml, beijing-2027.yaml',
    );
  });

  it('test_current_edition_two_marked_names_them', () => {
    const error = contentError(() => currentEdition([entry('a', '2024-12-19', true), entry('b', '2027-12-16', true)]));
    expect(error.problem).toBe('several editions are marked current: a.yaml, b.yaml');
  });

  it('test_edition_paths_must_differ', () => {
    const error = contentError(() => checkEditionPaths([entry('a', '2024-01-01'), entry('b', '2024-12-19', true)]));
    expect(error.message).toBe('content/event/b.yaml: path: edition path "2024" is also the path of content/event/a.yaml');
  });

  it('test_edition_of_optional_with_one_event_required_with_several', () => {
    const one = [entry('beijing-2024', '2024-12-19')];
    const two = [...one, entry('beijing-2027', '2027-12-16', true)];
    expect(editionOf(undefined, 'content/sessions/x.yaml', one)).toBe('beijing-2024');
    expect(editionOf('beijing-2024', 'content/sessions/x.yaml', two)).toBe('beijing-2024');
    expect(contentError(() => editionOf(undefined, 'content/sessions/x.yaml', two)).message).toBe(
      'content/sessions/x.yaml: edition: required when content/event/ has several editions (beijing-2024, beijing-2027)',
    );
    expect(contentError(() => editionOf('nope', 'content/papers/y.yaml', two)).field).toBe('edition');
  });
});
