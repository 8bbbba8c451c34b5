import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../src/features/reports/charts.ts';

describe('server-rendered charts', () => {
  const fill = barChart({
    title: 'Seats taken per session',
    description: 'P1 120 of 150, P2 150 of 150',
    valueLabel: 'Seats taken',
    limitLabel: 'Seats',
    data: [
      { label: 'P1 热线数据', value: 120, limit: 150 },
      { label: 'P2 <script>', value: 150, limit: 150 },
    ],
  });

  it('test_barChart_isAccessibleSvgWithoutInlineStyle', () => {
    expect(fill.svg.startsWith('<svg')).toBe(true);
    expect(fill.svg).toContain('role="img"');
    expect(fill.svg).toContain('<title>Seats taken per session</title>');
    expect(fill.svg).not.toContain('<style');
    expect(fill.svg).not.toContain('aria-label');
    expect(fill.svg).toContain('P1 热线数据');
    expect(fill.svg).not.toContain('<script>');
    expect(fill.svg).toContain('&lt;script&gt;');
    expect((fill.svg.match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('test_barChart_tableCarriesTheFigures', () => {
    expect(fill.table).toEqual({
      headers: ['', 'Seats taken', 'Seats'],
      rows: [
        ['P1 热线数据', 120, 150],
        ['P2 <script>', 150, 150],
      ],
    });
  });

  it('test_lineChart_tableHasOneRowPerDayAndColumnPerSeries', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 10, d));
    const chart = lineChart({
      title: 'Registrations over time',
      description: 'cumulative',
      valueLabel: 'Registrations',
      dateLabel: 'Day',
      data: [
        { date: day(1), series: 'International', value: 3 },
        { date: day(2), series: 'International', value: 5 },
        { date: day(2), series: 'Mainland', value: 9 },
      ],
    });
    expect(chart.svg).toContain('<path');
    expect(chart.table.headers).toEqual(['Day', 'International', 'Mainland']);
    expect(chart.table.rows).toEqual([
      ['2026-11-01', 3, ''],
      ['2026-11-02', 5, 9],
    ]);
  });
});
