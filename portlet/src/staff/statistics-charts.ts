import { css, html, svg } from 'lit';
import type { StatisticsMessages } from './statistics-fr.js';

/** One bar: what it counts and how many. */
export interface Bar {
  label: string;
  count: number;
}

/** One point of a line: its label on the x axis (a day, as read) and its value. */
export interface Point {
  label: string;
  value: number;
}

/**
 * The charts' look: drawn in the accent colour (8.6:1 on white by default, far above the 3:1 that
 * graphics need), in the width the portlet has — a phone's 390 px never scrolls sideways.
 */
export const chartStyles = css`
  figure {
    margin: 1em 0 1.5em;
    min-width: 0;
  }
  figcaption {
    font-weight: 600;
    margin-bottom: 0.25em;
  }
  svg {
    display: block;
    width: 100%;
    overflow: hidden;
  }
  .bar {
    fill: var(--a);
  }
  .bar-label {
    fill: var(--fg);
    font-size: 0.85rem;
  }
  .area {
    fill: var(--a);
    fill-opacity: 0.18;
  }
  .line {
    fill: none;
    stroke: var(--a);
    stroke-width: 2;
  }
  .plot {
    display: flex;
    gap: 0.4em;
  }
  .plot svg {
    height: 10em;
    flex: 1;
    min-width: 0;
    border-left: 1px solid var(--bd);
    border-bottom: 1px solid var(--bd);
  }
  .y-axis,
  .x-axis {
    display: flex;
    justify-content: space-between;
    font-size: 0.85rem;
    color: var(--mu);
  }
  .y-axis {
    flex-direction: column;
    text-align: right;
  }
  details {
    margin-top: 0.5em;
  }
  details table {
    margin-top: 0.25em;
  }
  caption {
    text-align: left;
    font-weight: 600;
  }
  td.n,
  th.n {
    text-align: right;
  }
`;

// Each bar takes a row: its label above, the bar under it, so long category names fit a phone.
const ROW = 38;
const BAR_TOP = 19;
const BAR_HEIGHT = 13;

/** A chart with nothing to draw says so (and has no image nor table). */
const empty = (w: StatisticsMessages, title: string) =>
  html`<figure>
    <figcaption>${title}</figcaption>
    <p class="muted">${w.none}</p>
  </figure>`;

/** The table every chart shows beside it (on demand): the same numbers, with a caption and headers. */
function dataTable(w: StatisticsMessages, title: string, headers: [string, string], rows: [string, number][]) {
  return html`<details>
    <summary>${w.table}</summary>
    <table>
      <caption>
        ${title}
      </caption>
      <thead>
        <tr>
          <th scope="col">${headers[0]}</th>
          <th scope="col" class="n">${headers[1]}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([label, value]) =>
            html`<tr>
              <th scope="row">${label}</th>
              <td class="n">${value}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

/**
 * A bar chart of counts (by category, origin, status) in plain SVG: one labelled row per bar, widths
 * in percent of the space there is; read out as one image whose name lists the figures.
 */
export function barChart(w: StatisticsMessages, title: string, header: string, bars: Bar[]) {
  if (!bars.length) return empty(w, title);
  const max = Math.max(...bars.map((b) => b.count), 1);
  const total = bars.reduce((sum, b) => sum + b.count, 0);
  const summary = w.barSummary(title, total, bars.map((b) => `${b.label} ${b.count}`).join(', '));
  return html`<figure>
    <figcaption>${title}</figcaption>
    <svg role="img" aria-label=${summary} height=${bars.length * ROW}>
      ${bars.map(
        (b, i) =>
          svg`<text class="bar-label" x="0" y=${i * ROW + 14}>${b.label} (${b.count})</text>
            <rect class="bar" x="0" y=${i * ROW + BAR_TOP} height=${BAR_HEIGHT} width=${`${Math.max((b.count / max) * 100, 0.5)}%`}></rect>`,
      )}
    </svg>
    ${dataTable(
      w,
      title,
      [header, w.tickets],
      bars.map((b) => [b.label, b.count]),
    )}
  </figure>`;
}

/**
 * An area under a line (the backlog, day by day) in plain SVG stretched to the width there is; the
 * axes' ends are written in HTML beside it, so no text is ever stretched with the drawing.
 */
export function areaChart(w: StatisticsMessages, title: string, headers: [string, string], points: Point[]) {
  if (!points.length) return empty(w, title);
  const max = Math.max(...points.map((p) => p.value), 1);
  // One point alone is drawn as a flat stretch across the whole width.
  const values = points.length === 1 ? [points[0].value, points[0].value] : points.map((p) => p.value);
  const line = values.map((v, x) => `${x},${max - v}`).join(' ');
  const area = `M0,${max} L${line.replace(/ /g, ' L')} L${values.length - 1},${max} Z`;
  const [first, last] = [points[0], points[points.length - 1]];
  const summary = w.backlogSummary(title, first.label, last.label, Math.max(...points.map((p) => p.value)), last.value);
  return html`<figure>
    <figcaption>${title}</figcaption>
    <div class="plot">
      <div class="y-axis" aria-hidden="true"><span>${max}</span><span>0</span></div>
      <svg role="img" aria-label=${summary} viewBox="0 0 ${values.length - 1} ${max}" preserveAspectRatio="none">
        <path class="area" d=${area}></path>
        <polyline class="line" points=${line} vector-effect="non-scaling-stroke"></polyline>
      </svg>
    </div>
    <div class="x-axis" aria-hidden="true"><span>${first.label}</span><span>${last.label}</span></div>
    ${dataTable(
      w,
      title,
      headers,
      points.map((p) => [p.label, p.value]),
    )}
  </figure>`;
}
