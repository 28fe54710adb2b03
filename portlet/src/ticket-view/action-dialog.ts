import { html, css, nothing } from 'lit';
import {
  CategoriesDocument,
  DepartmentsDocument,
  UsersDocument,
  type UsersQuery,
  type TicketAction,
  type TicketDetailFragment,
  type EntryVisibility,
  type TicketVisibility,
} from '../graphql/generated/graphql.js';
import { errorKind, errorText } from '../shared/errors.js';
import type { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { isBlank } from '../shared/rich-text.js';
import { base } from '../shared/styles.js';
import { ACTIONS, type Form, type FormValues } from './actions.js';

const ENTRY_VISIBILITIES: EntryVisibility[] = ['EVERYONE', 'PARTICIPANTS', 'OWNER', 'INVITEES', 'STAFF'];
const TICKET_VISIBILITIES: TicketVisibility[] = ['PRIVATE', 'PUBLIC', 'SUBJECT_ONLY'];
/** The field each form cannot do without. */
const REQUIRED: Partial<Record<Form, string>> = {
  required: 'message',
  until: 'until',
  category: 'categoryId',
  properties: 'subject',
  user: 'user',
  manager: 'managerId',
};

/**
 * The form an action asks for, in a modal dialog (focus kept inside, Escape closes): a message,
 * a required justification, a confirmation, a date, a category, the properties. Sends
 * `helpdesk-action-done` once the server has answered; on failure it says why and keeps what was typed.
 */
export class HelpdeskActionDialog extends HelpdeskElement {
  static override styles = [
    base,
    css`
      dialog {
        width: min(44em, 92vw);
        border: 1px solid var(--bd);
        border-radius: 6px;
        color: var(--fg);
        background: var(--bg);
      }
      dialog::backdrop {
        background: #0006;
      }
    `,
  ];

  static override properties = {
    ticket: { attribute: false },
    staff: { type: Boolean },
    action: { state: true },
    sending: { state: true },
    problem: { state: true },
    invalid: { state: true },
    people: { state: true },
  };

  declare ticket: TicketDetailFragment;
  /** Whether the viewer works for the ticket's department (internal notes, properties). */
  staff = false;
  declare private action: TicketAction | undefined;
  private sending = false;
  private problem = '';
  private invalid = '';
  private people: UsersQuery['users'] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly categories = new QueryController(this, CategoriesDocument, () =>
    this.action === 'MOVE' ? { client: this.api, variables: {} } : null,
  );
  private readonly departments = new QueryController(this, DepartmentsDocument, () =>
    this.action === 'ASSIGN' ? { client: this.api, variables: {} } : null,
  );

  /** Opens the form of one action. */
  async open(action: TicketAction): Promise<void> {
    this.action = action;
    this.problem = '';
    this.invalid = '';
    await this.updateComplete;
    this.renderRoot.querySelector('form')?.reset();
    if (this.editor) this.editor.value = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('[autofocus]')?.focus();
    this.editor?.focus();
  }

  private get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector('dialog')!;
  }

  private get editor(): HelpdeskEditor | null {
    return this.renderRoot.querySelector('helpdesk-editor');
  }

  override render() {
    const { t, action } = this;
    const form = action && ACTIONS[action]?.form;
    if (!action || !form) return html`<dialog aria-label=${t.actions}></dialog>`;
    const title = this.label('action', action);
    const withMessage = form === 'message' || form === 'required' || form === 'confirm' || form === 'until' || form === 'category';
    const messageLabel = `${action === 'REFUSE_CLOSURE' ? t.justification : t.message}${form === 'required' ? '' : ` ${t.optional}`}`;
    return html`<dialog aria-labelledby="title" @close=${() => (this.action = undefined)}>
      <form novalidate @submit=${this.submit}>
        <h2 id="title">${title} — ${t.ticketTitle(this.ticket.number)}</h2>
        ${form === 'confirm' ? html`<p>${t.confirmCancel}</p>` : nothing}
        ${
          form === 'until'
            ? html`<div class="field">
                <label for="until">${t.until}</label>
                <input
                  id="until"
                  name="until"
                  type="datetime-local"
                  required
                  aria-invalid=${this.invalid === 'until'}
                  aria-describedby="problem"
                />
              </div>`
            : nothing
        }
        ${form === 'category' ? this.renderCategories() : nothing} ${form === 'properties' ? this.renderProperties() : nothing}
        ${form === 'user' ? this.renderUser() : nothing} ${form === 'manager' ? this.renderManagers() : nothing}
        ${
          withMessage
            ? html`<helpdesk-editor
                .words=${t}
                label=${messageLabel}
                ?required=${form === 'required'}
                error=${this.invalid === 'message' ? t.required : ''}
              ></helpdesk-editor>`
            : nothing
        }
        ${
          action === 'ADD_COMMENT' && this.staff
            ? html`<div class="field">
                <label for="visibility">${t.entryVisibility}</label>
                <select id="visibility" name="visibility">
                  ${ENTRY_VISIBILITIES.map((v) => html`<option value=${v}>${this.label('visibility', v)}</option>`)}
                </select>
              </div>`
            : nothing
        }
        <p id="problem" class="error" role="alert">${this.problem}</p>
        <div class="row">
          <button type="submit" class="primary" ?disabled=${this.sending}>${this.sending ? t.sending : t.validate}</button>
          <button type="button" @click=${() => this.dialog.close()}>${t.close}</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderCategories() {
    const { t } = this;
    const list = this.categories.data?.categories ?? [];
    return html`<div class="field">
      <label for="category">${t.newCategory}</label>
      <select id="category" name="categoryId" required aria-invalid=${this.invalid === 'categoryId'} aria-describedby="problem">
        <option value="">${this.categories.loading ? t.loading : '—'}</option>
        ${list.filter((c) => c.id !== this.ticket.category?.id).map((c) => html`<option value=${c.id}>${c.path}</option>`)}
      </select>
    </div>`;
  }

  // "Affecter": the members of the ticket's department, the available ones first.
  private renderManagers() {
    const { t } = this;
    const department = this.departments.data?.departments.find((d) => d.id === this.ticket.department?.id);
    const members = [...(department?.members ?? [])].sort((a, b) => Number(b.available) - Number(a.available));
    return html`<div class="field">
      <label for="manager">${t.manager}</label>
      <select id="manager" name="managerId" required aria-invalid=${this.invalid === 'managerId'} aria-describedby="problem">
        <option value="">${this.departments.loading ? t.loading : '—'}</option>
        ${members.map((m) => html`<option value=${m.user.id}>${m.user.displayName} (${this.label('role', m.role)})</option>`)}
      </select>
    </div>`;
  }

  private renderUser() {
    const { t } = this;
    return html`<p id="hint" class="muted">${t.inviteHint}</p>
      <div class="field">
        <label for="user">${t.user}</label>
        <input
          id="user"
          name="user"
          list="people"
          autocomplete="off"
          required
          aria-invalid=${this.invalid === 'user'}
          aria-describedby="hint problem"
          @input=${this.search}
        />
        <datalist id="people">
          ${this.people.map((u) => html`<option value=${u.uid}>${u.displayName}${u.email ? ` <${u.email}>` : ''}</option>`)}
        </datalist>
      </div>`;
  }

  // People matching what is typed, a quarter of a second after the last key.
  private search(e: Event): void {
    const text = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    if (text.length >= 2)
      this.timer = setTimeout(() => {
        this.api.query({ query: UsersDocument, variables: { search: text } }).then(
          ({ data }) => (this.people = data?.users ?? []),
          () => undefined,
        );
      }, 250);
  }

  private renderProperties() {
    const { t, ticket } = this;
    return html`<div class="field">
        <label for="subject">${t.subject}</label>
        <input
          id="subject"
          name="subject"
          maxlength="200"
          required
          .value=${ticket.subject}
          aria-invalid=${this.invalid === 'subject'}
          aria-describedby="problem"
        />
      </div>
      <div class="field">
        <label for="priority">${t.priority}</label>
        <select id="priority" name="priority">
          ${[1, 2, 3, 4, 5].map((p) => html`<option value=${p} ?selected=${p === ticket.priority}>${this.label('priority', p)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="tvisibility">${t.visibility}</label>
        <select id="tvisibility" name="ticketVisibility">
          ${TICKET_VISIBILITIES.map((v) => html`<option value=${v} ?selected=${v === ticket.visibility}>${this.label('visibility', v)}</option>`)}
        </select>
      </div>`;
  }

  private values(): FormValues | undefined {
    const data = new FormData(this.renderRoot.querySelector('form')!);
    const get = (name: string) => (data.get(name) as string | null)?.trim() ?? '';
    const spec = ACTIONS[this.action!]!;
    const message = this.editor?.value;
    const field = REQUIRED[spec.form];
    this.invalid = field && (field === 'message' ? isBlank(message ?? '') : !get(field)) ? field : '';
    if (this.invalid) return undefined;
    return {
      message: message && !isBlank(message) ? message : undefined,
      visibility: (get('visibility') || undefined) as EntryVisibility | undefined,
      until: get('until'),
      categoryId: get('categoryId'),
      user: get('user'),
      managerId: get('managerId'),
      input:
        spec.form === 'properties'
          ? { subject: get('subject'), priority: Number(get('priority')), visibility: get('ticketVisibility') as TicketVisibility }
          : undefined,
    };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const action = this.action!;
    const values = this.values();
    if (!values) {
      this.problem = this.t.required;
      if (this.invalid === 'message') this.editor?.focus();
      else this.renderRoot.querySelector<HTMLElement>(`[name="${this.invalid}"]`)?.focus();
      return;
    }
    this.sending = true;
    this.problem = '';
    try {
      await ACTIONS[action]!.run(this.api, this.ticket.id, values);
      this.dialog.close();
      this.emit('helpdesk-action-done', { action });
    } catch (error) {
      this.problem = errorText(this.t, error);
      if (errorKind(error) === 'invalidTransition') this.emit('helpdesk-stale', { action });
    } finally {
      this.sending = false;
    }
  }
}
