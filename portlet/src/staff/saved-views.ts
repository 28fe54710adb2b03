import { css, html } from 'lit';
import { DeleteViewDocument, SaveViewDocument, SavedViewsDocument, type TicketFilter } from '../graphql/generated/graphql.js';
import { errorText, graphqlError } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { StaffElement } from './staff-element.js';

/** The most views a person keeps (docs/api.md, "Manager tools"). */
const MAX_VIEWS = 50;

/**
 * `<helpdesk-saved-views>` (staff part), above the queue: "Vues enregistrées" to apply one (sends
 * `helpdesk-view` with its filter) or delete it, and "Enregistrer la vue", which keeps the queue's
 * current filter and order under a name. A refusal says why: a name already taken, 50 views already.
 */
export class HelpdeskSavedViews extends StaffElement {
  static override styles = [
    base,
    css`
      :host {
        background: none;
      }
      .row {
        margin: 0.25em 0;
      }
      #views-feedback {
        margin: 0;
      }
    `,
  ];

  static override properties = {
    ...HelpdeskElement.properties,
    filter: { attribute: false },
    chosen: { state: true },
    problem: { state: true },
    done: { state: true },
    busy: { state: true },
    nameInvalid: { state: true },
  };

  /** The queue's filter as it is now: what "Enregistrer la vue" keeps. */
  filter: TicketFilter = {};
  private chosen = '';
  private problem = '';
  private done = '';
  private busy = false;
  private nameInvalid = false;

  private readonly views = new QueryController(this, SavedViewsDocument, () => ({ client: this.api, variables: {} }));

  override render() {
    const { w } = this;
    const views = this.views.data?.savedViews ?? [];
    return html`<div class="row">
        <label for="view">${w.views}</label>
        <select id="view" .value=${this.chosen} @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value)}>
          <option value="">${w.chooseView}</option>
          ${views.map((v) => html`<option value=${v.id} ?selected=${v.id === this.chosen}>${v.name}</option>`)}
        </select>
        <button type="button" ?disabled=${!this.chosen || this.busy} @click=${this.apply}>${w.applyView}</button>
        <button type="button" ?disabled=${!this.chosen || this.busy} @click=${this.deleteView}>${w.deleteView}</button>
      </div>
      <form class="row" @submit=${this.save} novalidate>
        <label for="view-name">${w.viewName}</label>
        <input
          id="view-name"
          name="name"
          maxlength="100"
          required
          autocomplete="off"
          aria-invalid=${this.nameInvalid ? 'true' : 'false'}
          aria-describedby="views-feedback"
        />
        <button type="submit" ?disabled=${this.busy}>${w.saveView}</button>
      </form>
      <p id="views-feedback"><span role="status">${this.done}</span><span role="alert" class="error">${this.problem}</span></p>`;
  }

  private get current() {
    return this.views.data?.savedViews.find((v) => v.id === this.chosen);
  }

  private apply(): void {
    const view = this.current;
    if (!view) return;
    this.problem = this.done = '';
    this.emit('helpdesk-view', { filter: JSON.parse(view.filter) as TicketFilter });
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    const name = input.value.trim();
    const views = this.views.data?.savedViews ?? [];
    const refused = await this.run(
      async () => {
        const { data } = await this.api.mutate({
          mutation: SaveViewDocument,
          variables: { name, filter: JSON.stringify(this.filter) },
          refetchQueries: ['SavedViews'],
          awaitRefetchQueries: true,
        });
        this.chosen = data!.saveView.id;
        this.done = this.w.viewSaved(data!.saveView.name);
        input.value = '';
      },
      (error) => {
        // The server names the field only: which rule it was, the list says.
        if (graphqlError(error).field !== 'name') return errorText(this.t, error);
        this.nameInvalid = true;
        if (!name || name.length > 100) return this.w.badViewName;
        const taken = views.some((v) => v.name.toLowerCase() === name.toLowerCase());
        return !taken && views.length >= MAX_VIEWS ? this.w.tooManyViews : this.w.duplicateView;
      },
    );
    if (refused) input.focus();
  }

  private async deleteView(): Promise<void> {
    const view = this.current;
    if (!view) return;
    await this.run(async () => {
      await this.api.mutate({
        mutation: DeleteViewDocument,
        variables: { id: view.id },
        refetchQueries: ['SavedViews'],
        awaitRefetchQueries: true,
      });
      this.chosen = '';
      this.done = this.w.viewDeleted(view.name);
    });
  }

  /** Runs a change, saying how it went; true when the server refused it. */
  private async run(work: () => Promise<void>, why: (error: unknown) => string = (error) => errorText(this.t, error)): Promise<boolean> {
    this.busy = true;
    this.problem = this.done = '';
    this.nameInvalid = false;
    try {
      await work();
      return false;
    } catch (error) {
      this.problem = why(error);
      return true;
    } finally {
      this.busy = false;
    }
  }
}
