import { css, html, nothing } from 'lit';
import { StatisticsScopeDocument, TicketStatisticsDocument } from '../graphql/generated/graphql.js';
import { errorText, graphqlError } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { downloadStatistics, DownloadError, type StatisticsRange } from './statistics-download.js';
import { en } from './statistics-en.js';
import { figuresStyles, figuresView } from './statistics-figures.js';
import { fr, type StatisticsMessages } from './statistics-fr.js';
import {
  formatDay,
  PRESETS,
  periodProblem,
  periodRange,
  presetPeriod,
  rangePeriod,
  type Period,
  type Preset,
} from './statistics-period.js';

/**
 * `<helpdesk-statistics>` (staff part): a period and a department (those the viewer supervises; for
 * admins every one, or all at once), then the figures of the tickets created in it — counts by
 * category, origin and current status, delays, time spent, reopenings, the backlog day by day — each
 * chart with its table, and the same figures as a CSV file.
 */
export class HelpdeskStatistics extends HelpdeskElement {
  static override styles = [
    base,
    figuresStyles,
    css`
      :host {
        container-type: inline-size;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.75em;
        align-items: end;
      }
      .field {
        margin: 0.25em 0;
        max-width: 100%;
      }
      select,
      input {
        max-width: 100%;
        box-sizing: border-box;
      }
      .presets {
        margin: 0.5em 0;
      }
    `,
  ];

  static override properties = {
    ...HelpdeskElement.properties,
    period: { state: true },
    departmentId: { state: true },
    asked: { state: true },
    problem: { state: true },
    invalid: { state: true },
    downloadProblem: { state: true },
    downloading: { state: true },
  };

  private period: Period = presetPeriod('days30');
  /** The department chosen ('' : all departments); undefined until the viewer's departments are known. */
  private departmentId: string | undefined;
  /** What the figures shown were asked for (the CSV asks the same). */
  private asked: StatisticsRange | null = null;
  private problem = '';
  /** The date the problem is about, marked invalid and focused. */
  private invalid: keyof Period | '' = '';
  private downloadProblem = '';
  private downloading = false;

  private readonly scope = new QueryController(this, StatisticsScopeDocument, () => ({ client: this.api, variables: {} }));
  private readonly figures = new QueryController(this, TicketStatisticsDocument, () =>
    this.asked ? { client: this.api, variables: { ...this.asked } } : null,
  );

  get w(): StatisticsMessages {
    return this.language === 'en' ? en : fr;
  }

  /** The departments one may choose: those one supervises; for admins "Tous les services" ('') and every one. */
  get choices(): { id: string; label: string }[] {
    const data = this.scope.data;
    if (!data) return [];
    if (data.viewer.isAdmin) return [{ id: '', label: this.w.allDepartments }, ...data.departments];
    return data.viewer.memberships.filter((m) => m.role === 'SUPERVISOR').map((m) => m.department);
  }

  // Once the departments are known, the figures of the first one (all departments for admins) for the last 30 days.
  protected override willUpdate(): void {
    const choices = this.choices;
    if (this.departmentId === undefined && choices.length) {
      this.departmentId = choices[0].id;
      this.asked = this.range(this.period);
    }
  }

  override render() {
    return html`<h2 tabindex="-1">${this.w.title}</h2>
      ${this.renderBody()}`;
  }

  private renderBody() {
    const { t, w } = this;
    const choices = this.choices;
    if (this.scope.error) return html`<p role="alert" class="error">${errorText(t, this.scope.error)}</p>`;
    if (!this.scope.data) return html`<p aria-live="polite">${t.loading}</p>`;
    if (!choices.length) return html`<p>${w.nobody}</p>`;
    return html`<div class="row presets noprint" role="group" aria-label=${w.presets}>
        ${PRESETS.map((p) => html`<button type="button" @click=${() => this.choosePreset(p)}>${w.preset[p]}</button>`)}
      </div>
      <form class="noprint" aria-label=${w.choice} @submit=${this.submit} novalidate>
        <div class="field">
          <label for="department">${w.department}</label>
          <select id="department" @change=${(e: Event) => (this.departmentId = (e.target as HTMLSelectElement).value)}>
            ${choices.map((d) => html`<option value=${d.id} ?selected=${d.id === this.departmentId}>${d.label}</option>`)}
          </select>
        </div>
        ${this.dateField('from', w.from)} ${this.dateField('to', w.to)}
        <button type="submit" class="primary">${w.show}</button>
      </form>
      <p id="statistics-problem" class="error" role="alert">${this.problem}</p>
      ${this.renderFigures()}`;
  }

  private dateField(name: keyof Period, text: string) {
    return html`<div class="field">
      <label for=${name}>${text}</label>
      <input
        id=${name}
        name=${name}
        type="date"
        required
        .value=${this.period[name]}
        aria-invalid=${this.invalid === name ? 'true' : nothing}
        aria-describedby="statistics-problem"
        @change=${(e: Event) => (this.period = { ...this.period, [name]: (e.target as HTMLInputElement).value })}
      />
    </div>`;
  }

  private renderFigures() {
    const { t, w, figures, asked } = this;
    if (!asked) return nothing;
    if (figures.error)
      return html`<p role="alert" class="error">
        ${w.errors[graphqlError(figures.error).code ?? ''] ?? errorText(t, figures.error)}
        <button @click=${() => figures.refetch()}>${t.retry}</button>
      </p>`;
    const data = figures.data?.ticketStatistics;
    if (!data) return html`<p aria-live="polite">${t.loading}</p>`;
    const shown = rangePeriod(asked);
    const department = this.choices.find((d) => d.id === (asked.departmentId ?? ''))?.label ?? '';
    return html`<section aria-labelledby="figures-heading">
      <h3 id="figures-heading">${w.heading(formatDay(this.language, shown.from), formatDay(this.language, shown.to), department)}</h3>
      <div class="row noprint">
        <button @click=${() => void this.download(`statistiques-${shown.from}-${shown.to}.csv`)} ?disabled=${this.downloading}>
          ${w.download}
        </button>
        <span role="alert" class="error">${this.downloadProblem}</span>
      </div>
      ${figuresView(this, w, data)}
    </section>`;
  }

  private range(period: Period): StatisticsRange {
    return { departmentId: this.departmentId || null, ...periodRange(period) };
  }

  private choosePreset(preset: Preset): void {
    this.period = presetPeriod(preset);
    this.show();
  }

  // The dates as the form holds them (a date typed then Enter at once may not have sent `change` yet).
  private readonly submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = (name: keyof Period) => (form.elements.namedItem(name) as HTMLInputElement).value;
    this.period = { from: value('from'), to: value('to') };
    this.show();
  };

  // The period is checked here first: a refused one is said at once, and nothing is sent.
  private show(): void {
    const problem = periodProblem(this.period);
    this.problem = problem ? this.w.problems[problem] : '';
    this.invalid = problem ? (problem === 'missing' && periodProblem({ ...this.period, to: this.period.from }) ? 'from' : 'to') : '';
    this.downloadProblem = '';
    if (problem) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${this.invalid}`)?.focus());
      return;
    }
    this.asked = this.range(this.period);
  }

  private async download(filename: string): Promise<void> {
    if (!this.asked) return;
    this.downloading = true;
    this.downloadProblem = '';
    try {
      await downloadStatistics(this.api, this.asked, filename);
    } catch (error) {
      const code = error instanceof DownloadError ? error.code : undefined;
      this.downloadProblem = (code && this.w.errors[code]) ?? (code ? this.t.failed : this.t.network);
    } finally {
      this.downloading = false;
    }
  }
}
