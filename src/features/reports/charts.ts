/**
 * Charts for the organizers' live figures, drawn on the server as SVG (Observable Plot over
 * linkedom's DOM): no client JavaScript, no third-party service. Each chart comes with its data
 * as a table for screen readers; Plot's own <style> and the aria-label attributes it puts on
 * groups (axe: aria-prohibited-attr) are removed, and the SVG gets role="img" with a title.
 * Colours come from the page's CSS (class "chart"), so the content security policy needs no
 * inline style.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export interface Chart {
  /** the SVG markup, safe to inline */
  svg: string;
  /** the same figures as rows: [label, value…] */
  table: { headers: string[]; rows: (string | number)[][] };
}

interface Frame {
  title: string;
  description: string;
}

export interface BarDatum {
  label: string;
  value: number;
  /** e.g. the seat limit: drawn as a tick, shown in the table */
  limit?: number | undefined;
}

export interface SeriesDatum {
  date: Date;
  series: string;
  value: number;
}

const { document } = parseHTML('<!doctype html><html><body></body></html>');

/** Plot's element → accessible, style-free SVG markup. */
function finish(node: Element, frame: Frame): string {
  const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
  if (!svg) throw new Error('Plot returned no SVG');
  svg.querySelectorAll('style').forEach((s) => s.remove());
  svg.querySelectorAll('[aria-label]').forEach((g) => g.removeAttribute('aria-label'));
  svg.querySelectorAll('[aria-description]').forEach((g) => g.removeAttribute('aria-description'));
  svg.setAttribute('role', 'img');
  svg.setAttribute('class', 'chart');
  svg.removeAttribute('style');
  const title = document.createElement('title');
  title.textContent = frame.title;
  const desc = document.createElement('desc');
  desc.textContent = frame.description;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}

/** Horizontal bars (fill per session or slot, waiting lists …); with limits, a tick marks each. */
export function barChart(frame: Frame & { data: BarDatum[]; valueLabel: string; limitLabel?: string }): Chart {
  const withLimit = frame.data.some((d) => d.limit !== undefined);
  const marks: Plot.Markish[] = [Plot.barX(frame.data, { x: 'value', y: 'label', className: 'chart-bar' }), Plot.ruleX([0])];
  if (withLimit)
    marks.push(
      Plot.tickX(
        frame.data.filter((d) => d.limit !== undefined),
        { x: 'limit', y: 'label', className: 'chart-limit' },
      ),
    );
  const node = Plot.plot({
    document,
    className: 'chart',
    marginLeft: 120,
    height: 30 + frame.data.length * 28,
    x: { label: frame.valueLabel, grid: true },
    y: { label: null, domain: frame.data.map((d) => d.label) },
    marks,
  });
  const headers = withLimit ? ['', frame.valueLabel, frame.limitLabel ?? ''] : ['', frame.valueLabel];
  const rows = frame.data.map((d) => (withLimit ? [d.label, d.value, d.limit ?? ''] : [d.label, d.value]));
  return { svg: finish(node, frame), table: { headers, rows } };
}

/** Cumulative lines over days (registrations over time by category). */
export function lineChart(frame: Frame & { data: SeriesDatum[]; valueLabel: string; dateLabel: string }): Chart {
  const node = Plot.plot({
    document,
    className: 'chart',
    marginLeft: 50,
    height: 260,
    x: { label: frame.dateLabel, type: 'utc' },
    y: { label: frame.valueLabel, grid: true },
    color: { legend: false },
    marks: [
      Plot.lineY(frame.data, { x: 'date', y: 'value', stroke: 'series', z: 'series', className: 'chart-line' }),
      Plot.text(frame.data, Plot.selectLast({ x: 'date', y: 'value', z: 'series', text: 'series', textAnchor: 'start', dx: 4 })),
      Plot.ruleY([0]),
    ],
  });
  const series = [...new Set(frame.data.map((d) => d.series))];
  const days = [...new Set(frame.data.map((d) => d.date.toISOString().slice(0, 10)))].sort();
  const rows = days.map((day) => [
    day,
    ...series.map((s) => frame.data.find((d) => d.series === s && d.date.toISOString().slice(0, 10) === day)?.value ?? ''),
  ]);
  return { svg: finish(node, frame), table: { headers: [frame.dateLabel, ...series], rows } };
}
