import { css, html, nothing } from 'lit';
import {
  LabelsDocument,
  MyPreferencesDocument,
  UpdateMyMembershipDocument,
  UpdatePreferencesDocument,
  type AlertPreference,
  type TicketEventType,
} from '../graphql/generated/graphql.js';
import { errorText, graphqlError } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { en } from './en.js';
import { fr, type PreferencesMessages } from './fr.js';

const ALERTS: AlertPreference[] = ['ALL', 'MY_CATEGORIES', 'NONE'];

/**
 * `<helpdesk-preferences>` (preferences part): "Mes préférences" — the language of mails and of the
 * portal, the events one gets a mail for (every kind the server names, `labels` of kind eventType),
 * and for staff, per department, availability and new-ticket alerts (`updateMyMembership`). A new
 * language shows at once: the page's portlet follows the saved choice (`helpdesk-language`).
 */
export class HelpdeskPreferences extends HelpdeskElement {
  static override styles = [
    base,
    css`
      fieldset {
        border: 1px solid var(--bd);
        border-radius: 6px;
        margin: 0 0 1em;
        max-width: 40em;
      }
      ul {
        list-style: none;
        padding: 0;
        columns: 16em;
      }
      select {
        max-width: 100%;
      }
    `,
  ];
  static override properties = { ...HelpdeskElement.properties, problem: { state: true }, done: { state: true } };
  private problem = '';
  private done = '';

  private readonly mine = new QueryController(this, MyPreferencesDocument, () => ({ client: this.api, variables: {} }));
  private readonly words = new QueryController(this, LabelsDocument, () => ({ client: this.api, variables: { lang: this.language } }));

  get w(): PreferencesMessages {
    return this.language === 'en' ? en : fr;
  }

  override render() {
    const { w, t } = this;
    const viewer = this.mine.data?.viewer;
    if (this.mine.error && !viewer) return html`<p role="alert" class="error">${errorText(t, this.mine.error)}</p>`;
    if (!viewer) return html`<p role="status">${t.loading}</p>`;
    const events = (this.words.data?.labels ?? []).filter((l) => l.kind === 'eventType');
    const on = new Set(viewer.preferences.notifications);
    const feedback = html`<p id="feedback">
      <span role="status">${this.done}</span><span role="alert" class="error">${this.problem}</span>
    </p>`;
    return html`<h2>${w.title}</h2>
      <form @submit=${this.savePreferences} novalidate>
        <div class="field">
          <label for="language">${w.language}</label>
          <select id="language" name="language">
            <option value="fr" lang="fr" ?selected=${viewer.preferences.language === 'fr'}>${w.french}</option>
            <option value="en" lang="en" ?selected=${viewer.preferences.language === 'en'}>${w.english}</option>
          </select>
        </div>
        <fieldset>
          <legend>${w.notifications}</legend>
          <div class="row">
            <button type="button" @click=${() => this.checkAll(true)}>${w.all}</button>
            <button type="button" @click=${() => this.checkAll(false)}>${w.none}</button>
          </div>
          <ul>
            ${events.map(
              (e) =>
                html`<li>
                  <input
                    type="checkbox"
                    id="event-${e.key}"
                    name="notifications"
                    value=${e.key}
                    .checked=${on.has(e.key as TicketEventType)}
                  />
                  <label for="event-${e.key}">${e.text}</label>
                </li>`,
            )}
          </ul>
        </fieldset>
        <button class="primary" type="submit">${w.save}</button>
      </form>
      ${
        viewer.memberships.length
          ? html`<h3>${w.staff}</h3>
              ${viewer.memberships.map(
                (m) =>
                  html`<form @submit=${(e: SubmitEvent) => this.saveMembership(e, m.department.id)} novalidate>
                    <fieldset>
                      <legend>${m.department.label}</legend>
                      <div class="row">
                        <input type="checkbox" id="available-${m.id}" name="available" .checked=${m.available} />
                        <label for="available-${m.id}">${w.available}</label>
                      </div>
                      <div class="field">
                        <label for="alert-${m.id}">${w.alert}</label>
                        <select id="alert-${m.id}" name="alert">
                          ${ALERTS.map((a) => html`<option value=${a} ?selected=${a === m.alert}>${this.label('alert', a)}</option>`)}
                        </select>
                      </div>
                      <button class="primary" type="submit">${w.save}</button>
                    </fieldset>
                  </form>`,
              )}`
          : nothing
      }
      ${feedback}`;
  }

  private checkAll(checked: boolean): void {
    for (const box of this.renderRoot.querySelectorAll<HTMLInputElement>('input[name=notifications]')) box.checked = checked;
  }

  private async run(mutation: Parameters<typeof this.api.mutate>[0]): Promise<boolean> {
    this.done = '';
    try {
      await this.api.mutate(mutation);
      this.problem = '';
      this.done = this.w.saved;
      return true;
    } catch (error) {
      const { field } = graphqlError(error);
      this.problem = `${errorText(this.t, error)}${field ? ` (${field})` : ''}`;
      return false;
    }
  }

  private async savePreferences(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const language = data.get('language') as string;
    const notifications = data.getAll('notifications') as TicketEventType[];
    if (
      await this.run({
        mutation: UpdatePreferencesDocument,
        variables: { input: { language, notifications } },
        refetchQueries: ['MyPreferences'],
      })
    ) {
      this.emit('helpdesk-language', { language });
      // Said again in the language now spoken.
      this.done = this.w.saved;
      this.requestUpdate();
    }
  }

  private async saveMembership(e: SubmitEvent, departmentId: string): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    await this.run({
      mutation: UpdateMyMembershipDocument,
      variables: { departmentId, available: data.get('available') === 'on', alert: data.get('alert') as AlertPreference },
    });
  }
}
