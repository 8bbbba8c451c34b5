/** Registration is refused outside its window: before `opens`, after `closes`, and after the event's end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/features/registration/registration.service.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeCatalog, makeDeps } from '../support/deps.ts';
import { rejects } from '../support/domain.ts';

async function registrationCount(t: TestDb): Promise<number> {
  const row = await t.db
    .selectFrom('registration')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(dialects)('registration window on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.drop());

  // The test event runs 2024-12-19 to 2024-12-20 in Asia/Shanghai: it ends 2024-12-20T16:00Z.
  const windowed = () => ({ ...makeCatalog(), opensAt: '2024-10-01T01:00:00.000Z', closesAt: '2024-12-10T16:00:00.000Z' });

  it('test_register_refused_before_opens', async () => {
    const deps = await makeDeps(t, { catalog: windowed(), now: new Date('2024-10-01T00:59:00Z') });
    const before = await registrationCount(t);
    expect((await rejects(register(deps, form(), 'c'))).code).toBe('RegistrationNotOpen');
    expect(await registrationCount(t)).toBe(before);
    deps.clock.set(new Date('2024-10-01T01:00:00Z'));
    expect((await register(deps, form(), 'c')).created).toBe(true);
  });

  it('test_register_refused_after_closes', async () => {
    const deps = await makeDeps(t, { catalog: windowed(), now: new Date('2024-12-10T15:59:00Z') });
    expect((await register(deps, form(), 'c')).created).toBe(true);
    deps.clock.set(new Date('2024-12-10T16:00:00Z'));
    const before = await registrationCount(t);
    expect((await rejects(register(deps, form(), 'c'))).code).toBe('RegistrationClosed');
    expect(await registrationCount(t)).toBe(before);
  });

  it('test_register_refused_after_event_end_without_closes', async () => {
    const deps = await makeDeps(t, { catalog: makeCatalog(), now: new Date('2024-12-20T15:59:00Z') });
    expect((await register(deps, form(), 'c')).created).toBe(true);
    deps.clock.set(new Date('2024-12-20T16:00:00Z'));
    const before = await registrationCount(t);
    expect((await rejects(register(deps, form(), 'c'))).code).toBe('RegistrationClosed');
    expect(await registrationCount(t)).toBe(before);
  });
});
