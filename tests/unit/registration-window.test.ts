import { describe, expect, it } from 'vitest';
import { eventEndsAt, registrationPhase, registrationWindow } from '../../src/features/registration/registration-window.ts';

const event = { endDate: '2024-12-20', timezone: 'Asia/Shanghai' };
const at = (s: string) => new Date(s);

describe('registration window', () => {
  it('test_event_end_is_midnight_after_end_date_in_event_timezone', () => {
    expect(eventEndsAt(event).toISOString()).toBe('2024-12-20T16:00:00.000Z');
  });

  it('test_phase_before_opens', () => {
    const catalog = { event, opensAt: '2024-10-01T01:00:00.000Z', closesAt: '2024-12-10T15:59:00.000Z' };
    expect(registrationPhase(catalog, at('2024-10-01T00:59:59Z'))).toBe('before');
  });

  it('test_phase_open_between_opens_and_closes', () => {
    const catalog = { event, opensAt: '2024-10-01T01:00:00.000Z', closesAt: '2024-12-10T15:59:00.000Z' };
    expect(registrationPhase(catalog, at('2024-10-01T01:00:00Z'))).toBe('open');
    expect(registrationPhase(catalog, at('2024-12-10T15:58:59Z'))).toBe('open');
  });

  it('test_phase_closed_after_closes_while_event_ahead', () => {
    const catalog = { event, opensAt: undefined, closesAt: '2024-12-10T15:59:00.000Z' };
    expect(registrationPhase(catalog, at('2024-12-10T15:59:00Z'))).toBe('closed');
    expect(registrationPhase(catalog, at('2024-12-20T15:59:59Z'))).toBe('closed');
  });

  it('test_phase_ended_after_event_end_without_closes', () => {
    const catalog = { event, opensAt: undefined, closesAt: undefined };
    expect(registrationPhase(catalog, at('2024-12-20T15:59:59Z'))).toBe('open');
    expect(registrationPhase(catalog, at('2024-12-20T16:00:00Z'))).toBe('ended');
    expect(registrationPhase(catalog, at('2026-11-30T00:00:00Z'))).toBe('ended');
  });

  it('test_window_closes_at_event_end_when_closes_is_later_or_missing', () => {
    const later = registrationWindow({ event, opensAt: undefined, closesAt: '2025-03-01T00:00:00.000Z' }, at('2024-11-01T00:00:00Z'));
    expect(later.closesAt).toBe('2024-12-20T16:00:00.000Z');
    const missing = registrationWindow({ event, opensAt: undefined, closesAt: undefined }, at('2024-11-01T00:00:00Z'));
    expect(missing).toEqual({
      phase: 'open',
      opensAt: undefined,
      closesAt: '2024-12-20T16:00:00.000Z',
      endsAt: '2024-12-20T16:00:00.000Z',
    });
  });

  it('test_phase_before_opens_but_event_over_is_ended', () => {
    const catalog = { event, opensAt: '2025-01-01T00:00:00.000Z', closesAt: undefined };
    expect(registrationPhase(catalog, at('2024-12-21T00:00:00Z'))).toBe('ended');
  });
});
