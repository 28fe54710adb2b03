import { css, html } from 'lit';
import type { TicketStatisticsQuery } from '../graphql/generated/graphql.js';
import type { HelpdeskElement } from '../shared/helpdesk-element.js';
import { areaChart, barChart, chartStyles } from './statistics-charts.js';
import type { StatisticsMessages } from './statistics-fr.js';
import { formatDay, formatMinutes } from './statistics-period.js';

type Figures = TicketStatisticsQuery['ticketStatistics'];

/** The figures' look: the headline numbers in a row, the charts two by two when there is room (the backlog across). */
export const figuresStyles = [
  chartStyles,
  css`
    dl {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em 2em;
      margin: 0.75em 0;
    }
    dt {
      color: var(--mu);
    }
    dd {
      margin: 0;
      font-size: 1.4rem;
      font-weight: 600;
    }
    td {
      overflow-wrap: anywhere;
    }
    .charts {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0 2em;
    }
    @container (min-width: 48em) {
      .charts {
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      }
      .charts .wide {
        grid-column: 1 / -1;
      }
    }
  `,
];

/**
 * The figures of a period: tickets created, reopened, time spent; the delays' table (median, 90th
 * percentile, how many tickets, in readable units with the minutes in `<data value>`); the charts.
 */
export const figuresView = (host: HelpdeskElement, w: StatisticsMessages, data: Figures) =>
  html`${summary(host, w, data)} ${charts(host, w, data)}`;

function summary(host: HelpdeskElement, w: StatisticsMessages, data: Figures) {
  const { language } = host;
  const delay = (name: string, p: Figures['firstResponseMinutes']) =>
    html`<tr>
      <th scope="row">${name}</th>
      <td><data value=${p.median ?? ''}>${formatMinutes(language, p.median)}</data></td>
      <td><data value=${p.p90 ?? ''}>${formatMinutes(language, p.p90)}</data></td>
      <td>${p.count}</td>
    </tr>`;
  return html`<dl>
      <div>
        <dt>${w.created}</dt>
        <dd id="created">${data.created}</dd>
      </div>
      <div>
        <dt>${w.reopened}</dt>
        <dd id="reopened">${data.reopened}</dd>
      </div>
      <div>
        <dt>${w.spent}</dt>
        <dd id="spent"><data value=${data.spentMinutes}>${formatMinutes(language, data.spentMinutes)}</data></dd>
      </div>
    </dl>
    <table id="delays">
      <caption>
        ${w.delays}
      </caption>
      <thead>
        <tr>
          <th scope="col">${w.delay}</th>
          <th scope="col">${w.median}</th>
          <th scope="col">${w.p90}</th>
          <th scope="col">${w.tickets}</th>
        </tr>
      </thead>
      <tbody>
        ${delay(w.firstResponse, data.firstResponseMinutes)} ${delay(w.resolution, data.resolutionMinutes)}
      </tbody>
    </table>`;
}

function charts(host: HelpdeskElement, w: StatisticsMessages, data: Figures) {
  const { language } = host;
  // Categories come with their label; origins and statuses are named in the server's words of the language.
  const bars = (counts: Figures['byOrigin'], label: (c: Figures['byOrigin'][number]) => string) =>
    counts.map((c) => ({ label: label(c), count: c.count }));
  return html`<div class="charts">
    ${barChart(
      w,
      w.byCategory,
      w.category,
      bars(data.byCategory, (c) => c.label),
    )}
    ${barChart(
      w,
      w.byOrigin,
      w.origin,
      bars(data.byOrigin, (c) => host.label('origin', c.key)),
    )}
    ${barChart(
      w,
      w.byStatus,
      w.status,
      bars(data.byStatus, (c) => host.label('status', c.key, true)),
    )}
    <div class="wide">
      ${areaChart(
        w,
        w.backlog,
        [w.day, w.open],
        data.backlog.map((b) => ({ label: formatDay(language, b.day), value: b.open })),
      )}
    </div>
  </div>`;
}
