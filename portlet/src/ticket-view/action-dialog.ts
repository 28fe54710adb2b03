import { html, css, nothing } from 'lit';
import {
  CategoriesDocument,
  DepartmentsDocument,
  type TicketAction,
  type TicketDetailFragment,
  type EntryVisibility,
  type TicketVisibility,
} from '../graphql/generated/graphql.js';
import { errorKind, errorText, fieldProblem, graphqlError } from '../shared/errors.js';
import type { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import type { HelpdeskFiles } from '../shared/helpdesk-files.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { loadPart } from '../shared/on-demand.js';
import { PeopleSearch } from '../shared/people-search.js';
import { QueryController } from '../shared/query.js';
import { isBlank } from '../shared/rich-text.js';
import { base } from '../shared/styles.js';
import { propertiesFields, selectField, silentField, untilField, userField } from './action-fields.js';
import { menuAction, runAction, type FormValues } from './actions.js';

const ENTRY_VISIBILITIES: EntryVisibility[] = ['EVERYONE', 'PARTICIPANTS', 'OWNER', 'INVITEES', 'STAFF'];
/** The form's field a required argument is checked by, when its name differs. */
const CHECKED_BY: Record<string, string> = { input: 'subject' };

/**
 * The form an action asks for, in a modal dialog (focus kept inside, Escape closes): one field per
 * argument of its mutation (generated from the action's declaration, `menuAction`) — a message,
 * required or not, a date, a category, a member, a person, the properties, and for staff who may,
 * the entry's readers and acting without mail, and their "Réponses types" in the message's editor;
 * cancelling asks for a confirmation. Sends
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
      .internal {
        border: 3px dashed #8a5a00;
        background: #fff8e6;
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
    internal: { state: true },
  };

  declare ticket: TicketDetailFragment;
  /** Whether the viewer works for the ticket's department (internal notes, properties). */
  staff = false;
  declare private action: TicketAction | undefined;
  private sending = false;
  private problem = '';
  private invalid = '';
  // The staff chose "Note interne": the form looks different so the note never goes public by accident.
  private internal = false;
  private readonly finder = new PeopleSearch(this, () => this.api);

  private readonly categories = new QueryController(this, CategoriesDocument, () =>
    this.asks('categoryId') ? { client: this.api, variables: {} } : null,
  );
  private readonly departments = new QueryController(this, DepartmentsDocument, () =>
    this.asks('managerId') ? { client: this.api, variables: {} } : null,
  );

  /** Opens the form of one action. */
  async open(action: TicketAction): Promise<void> {
    this.action = action;
    this.problem = '';
    this.invalid = '';
    this.internal = false;
    await this.updateComplete;
    this.renderRoot.querySelector('form')?.reset();
    this.files?.clear();
    if (this.editor) this.editor.value = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('[autofocus]')?.focus();
    this.editor?.focus();
  }

  // Whether the open action's mutation takes this argument.
  private asks(name: string): boolean {
    return !!this.action && name in (menuAction(this.action)?.args ?? {});
  }

  private get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector('dialog')!;
  }

  private get editor(): HelpdeskEditor | null {
    return this.renderRoot.querySelector('helpdesk-editor');
  }

  private get files(): HelpdeskFiles | null {
    return this.renderRoot.querySelector('helpdesk-files');
  }

  // The name a field is shown under, to say which one is wrong.
  private fieldName(field: string): string {
    const { t } = this;
    const names: Record<string, string> = {
      until: t.until,
      categoryId: t.newCategory,
      managerId: t.manager,
      user: t.user,
      subject: t.subject,
      visibility: t.entryVisibility,
      priority: t.priority,
    };
    return names[field] ?? field;
  }

  override render() {
    const { t, action } = this;
    const args = action && menuAction(action)?.args;
    if (!action || !args) return html`<dialog aria-label=${t.actions}></dialog>`;
    const asks = (name: string) => name in args;
    const title = this.label('action', action);
    const fields = { t, label: (kind: string, key: string | number) => this.label(kind, key), invalid: this.invalid };
    const messageLabel = `${action === 'REFUSE_CLOSURE' ? t.justification : t.message}${args.message ? '' : ` ${t.optional}`}`;
    return html`<dialog aria-labelledby="title" class=${this.internal ? 'internal' : ''} @close=${() => (this.action = undefined)}>
      <form novalidate @submit=${this.submit} @input=${this.recheck} @change=${this.recheck}>
        <h2 id="title">${title} — ${t.ticketTitle(this.ticket.number)}</h2>
        ${action === 'CANCEL' ? html`<p>${t.confirmCancel}</p>` : nothing} ${asks('until') ? untilField(fields) : nothing}
        ${
          asks('categoryId')
            ? selectField(
                fields,
                'categoryId',
                t.newCategory,
                (this.categories.data?.categories ?? []).filter((c) => c.id !== this.ticket.category?.id).map((c) => [c.id, c.path]),
                this.categories.loading ? t.loading : '—',
              )
            : nothing
        }
        ${
          asks('managerId')
            ? selectField(
                fields,
                'managerId',
                t.manager,
                this.members().map((m) => [m.user.id, `${m.user.displayName} (${this.label('role', m.role)})`]),
                this.departments.loading ? t.loading : '—',
              )
            : nothing
        }
        ${asks('user') ? userField(fields, this.finder.people, this.finder.search) : nothing}
        ${asks('input') ? propertiesFields(fields, this.ticket) : nothing}
        ${
          asks('message')
            ? html`<helpdesk-editor
                .words=${t}
                label=${messageLabel}
                ?required=${args.message}
                error=${this.invalid === 'message' ? this.problem || t.required : ''}
                >${this.staff ? this.cannedMenu() : nothing}</helpdesk-editor
              >`
            : nothing
        }
        ${asks('attachments') ? html`<helpdesk-files .words=${t}></helpdesk-files>` : nothing}
        ${
          asks('visibility') && this.staff
            ? html`${selectField(
                fields,
                'visibility',
                t.entryVisibility,
                ENTRY_VISIBILITIES.map((v) => [v, this.label('visibility', v)]),
                t.choose,
              )}${this.internal ? html`<p class="error">${t.internalNote}</p>` : nothing}`
            : nothing
        }
        ${asks('silent') && this.staff ? silentField(fields) : nothing}
        <p id="problem" class="error" role="alert">${this.invalid === 'message' ? '' : this.problem}</p>
        <div class="row">
          <button type="submit" class="primary" ?disabled=${this.sending}>${this.sending ? t.sending : t.validate}</button>
          <button type="button" @click=${() => this.dialog.close()}>${t.close}</button>
        </div>
      </form>
    </dialog>`;
  }

  /** Staff's "Réponses types" in the editor's toolbar, its variables filled from this ticket (the staff part draws it). */
  private cannedMenu() {
    loadPart('staff').catch(() => undefined);
    const { owner, manager, category, number, department } = this.ticket;
    return html`<helpdesk-canned-menu
      slot="tools"
      .client=${this.api}
      .departmentId=${department?.id}
      .variables=${{ owner: owner?.displayName, manager: manager?.displayName, category: category?.path, number: String(number) }}
    ></helpdesk-canned-menu>`;
  }

  // "Affecter": the members of the ticket's department, the available ones first.
  private members() {
    const department = this.departments.data?.departments.find((d) => d.id === this.ticket.department?.id);
    return [...(department?.members ?? [])].sort((a, b) => Number(b.available) - Number(a.available));
  }

  private values(): FormValues | undefined {
    const data = new FormData(this.renderRoot.querySelector('form')!);
    const get = (name: string) => (data.get(name) as string | null)?.trim() ?? '';
    const { args } = menuAction(this.action!)!;
    const message = this.editor?.value ?? '';
    const missing = (field: string) => (field === 'message' ? isBlank(message) : !get(field));
    // Staff choose who reads their entry: no default, so an internal note never goes public by accident.
    const required = Object.keys(args).filter((name) => args[name] || (name === 'visibility' && this.staff));
    this.invalid = required.map((name) => CHECKED_BY[name] ?? name).find(missing) ?? '';
    this.problem = this.invalid ? this.t.required : '';
    if (!this.invalid && get('until') && new Date(get('until')).getTime() <= Date.now()) {
      this.invalid = 'until';
      this.problem = this.t.PAST_DATE;
    }
    if (this.invalid) return undefined;
    return {
      message: isBlank(message) ? undefined : message,
      silent: data.has('silent') || undefined,
      visibility: (get('visibility') || undefined) as EntryVisibility | undefined,
      until: get('until') ? new Date(get('until')).toISOString() : undefined,
      categoryId: get('categoryId') || undefined,
      user: get('user') || undefined,
      managerId: get('managerId') || undefined,
      attachments: this.files?.files.length ? this.files.files : undefined,
      input:
        'input' in args
          ? { subject: get('subject'), priority: Number(get('priority')), visibility: get('ticketVisibility') as TicketVisibility }
          : undefined,
    };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const action = this.action!;
    const values = this.values();
    if (!values) {
      this.showProblem();
      return;
    }
    this.sending = true;
    try {
      await runAction(this.api, menuAction(action)!, this.ticket.id, values);
      this.dialog.close();
      this.emit('helpdesk-action-done', { action });
    } catch (error) {
      // A refused value: the field the server names, and why (extensions.field, extensions.reason).
      const { field, reason } = graphqlError(error);
      const named = field === 'input' ? 'subject' : field;
      this.invalid = named && this.renderRoot.querySelector(`[name="${named}"]`) ? named : named === 'message' ? 'message' : '';
      this.problem = this.invalid
        ? reason
          ? this.t[reason]
          : errorKind(error) === 'badInput'
            ? this.t.refused
            : errorText(this.t, error)
        : errorText(this.t, error);
      if (this.invalid) this.showProblem();
      if (errorKind(error) === 'invalidTransition') this.emit('helpdesk-stale', { action });
    } finally {
      this.sending = false;
    }
  }

  // Says which field is wrong (the editor shows its own problem, the others are named in the alert) and goes there.
  private showProblem(): void {
    if (this.invalid !== 'message') this.problem = fieldProblem(this.fieldName(this.invalid), this.problem);
    if (this.invalid === 'message') this.editor?.focus();
    else this.renderRoot.querySelector<HTMLElement>(`[name="${this.invalid}"]`)?.focus();
  }

  // A corrected field loses its error at once; choosing "Note interne" changes the form's look.
  private recheck(e: Event): void {
    const target = e.composedPath()[0] as HTMLInputElement;
    if (target.name === 'visibility') this.internal = target.value === 'STAFF';
    if (!this.invalid) return;
    const data = new FormData(this.renderRoot.querySelector('form')!);
    const filled = this.invalid === 'message' ? !isBlank(this.editor?.value ?? '') : !!(data.get(this.invalid) as string | null)?.trim();
    if (filled && (e.type === 'input' || target.tagName === 'SELECT')) {
      this.invalid = '';
      this.problem = '';
    }
  }
}
