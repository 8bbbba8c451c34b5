import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/features/shared/secrets.ts';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The millisecond an id was made (its first 48 bits). */
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('row ids', () => {
  afterEach(() => vi.restoreAllMocks());

  it('test_ids_are_version_7_uuids_that_carry_the_millisecond_they_were_made', () => {
    const before = Date.now();
    const id = newId();
    expect(id).toMatch(uuidV7);
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    // (ids made just before in one frozen millisecond may have borrowed a few ahead)
    expect(msOf(id)).toBeLessThanOrEqual(Date.now() + 10);
  });

  it('test_ids_made_one_after_another_sort_in_the_order_they_were_made_and_never_repeat', () => {
    // 20,000 ids: many within one millisecond, and more than the random pool holds at once
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1], `${ids[i - 1]} then ${ids[i]}`).toBe(true);
    for (const id of ids) expect(id).toMatch(uuidV7);
  });

  it('test_more_ids_than_one_millisecond_holds_and_a_clock_set_back_keep_the_order', () => {
    const frozen = Date.now() + 1;
    const now = vi.spyOn(Date, 'now').mockReturnValue(frozen);
    const ids = Array.from({ length: 9_000 }, () => newId());
    now.mockReturnValue(frozen - 60_000); // the clock stepped back a minute (a time sync)
    ids.push(newId(), newId());
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    // 9,000 ids in one frozen millisecond borrowed the next ones rather than repeating
    expect(msOf(ids.at(-1)!) - frozen).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(id).toMatch(uuidV7);
  });
});
