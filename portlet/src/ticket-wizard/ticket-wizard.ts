import { html, css, nothing } from 'lit';
import { CategoriesDocument, CategoryFaqsDocument, CreateTicketDocument, type CreateTicketMutation } from '../graphql/generated/graphql.js';
import { errorText, graphqlError } from '../shared/errors.js';
import type { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import type { HelpdeskFiles } from '../shared/helpdesk-files.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { loadPart } from '../shared/on-demand.js';
import { QueryController } from '../shared/query.js';
import { isBlank } from '../shared/rich-text.js';
import { base } from '../shared/styles.js';
import { categoryTree, type WizardCategory } from './category-tree.js';

type Created = CreateTicketMutation['createTicket'];

/**
 * `<helpdesk-ticket-wizard>`: "CRÉER UN TICKET" in two steps — the category (tree and filter), then the
 * subject, the description, the category's FAQ entries — and a summary with the new ticket's number.
 * Sends `helpdesk-ticket-created` and, from the summary, `helpdesk-open-ticket`. Staff (`staff`) get
 * their "Réponses types" in the description's editor.
 */
export class HelpdeskTicketWizard extends HelpdeskElement {
  static override styles = [
    base,
    css`
      ul {
        list-style: none;
        padding-left: 1.25em;
        margin: 0.2em 0;
      }
      .department > ul {
        padding-left: 0;
      }
      .category {
        border: 0;
        padding: 0.15em 0.3em;
        text-align: left;
        text-decoration: underline;
      }
      input[name='subject'] {
        max-width: 40em;
      }
      details {
        margin: 0.3em 0;
      }
    `,
  ];

  static override properties = {
    staff: { type: Boolean },
    filter: { state: true },
    category: { state: true },
    created: { state: true },
    sending: { state: true },
    problem: { state: true },
    invalid: { state: true },
  };
  /** Whether the viewer works in a department (the portlet knows): their canned answers are offered. */
  staff = false;
  private filter = '';
  declare private category: WizardCategory | undefined;
  declare private created: Created | undefined;
  private sending = false;
  private problem = '';
  private invalid: { subject?: string; message?: string } = {};
  // What was typed and attached before "Changer de catégorie": kept for the next category.
  private draft: { subject: string; message: string; files: File[]; template?: string | null } | undefined;

  private readonly categories = new QueryController(this, CategoriesDocument, () =>
    this.category || this.created ? null : { client: this.api, variables: { filter: this.filter || null } },
  );
  private readonly faqs = new QueryController(this, CategoryFaqsDocument, () =>
    this.category ? { client: this.api, variables: { categoryId: this.category.id } } : null,
  );

  private get files(): HelpdeskFiles | null {
    return this.renderRoot.querySelector('helpdesk-files');
  }

  private get editor(): HelpdeskEditor | null {
    return this.renderRoot.querySelector('helpdesk-editor');
  }

  override render() {
    if (this.created) return this.renderSummary(this.created);
    return this.category ? this.renderDetails(this.category) : this.renderCategories();
  }

  private renderCategories() {
    const { t, categories } = this;
    const list = categories.data?.categories;
    return html`<h2 tabindex="-1">${t.step1}</h2>
      <form role="search" class="row" @submit=${this.applyFilter}>
        <label for="filter">${t.filterCategories}</label>
        <input id="filter" name="filter" type="search" .value=${this.filter} />
        <button type="submit">${t.apply}</button>
      </form>
      ${
        categories.error && !list
          ? html`<p role="alert" class="error">
              ${errorText(t, categories.error)} <button @click=${() => categories.refetch()}>${t.retry}</button>
            </p>`
          : !list
            ? html`<p role="status">${t.loading}</p>`
            : list.length
              ? categoryTree(list, (c) => void this.choose(c))
              : html`<p role="status">${t.noCategories}</p>`
      }`;
  }

  private renderDetails(category: WizardCategory) {
    const { t, invalid } = this;
    const faqs = this.faqs.data?.faqs ?? [];
    return html`<h2 tabindex="-1">${t.step2}</h2>
      <form
        novalidate
        @submit=${this.submit}
        @input=${this.recheck}
        @helpdesk-files=${(e: CustomEvent<{ files: File[] }>) => this.files?.add(e.detail.files)}
      >
        <p>
          <strong>${t.selectedCategory} :</strong> <span class="path">${category.path}</span>
          <button type="button" class="link" @click=${this.changeCategory}>${t.changeCategory}</button>
        </p>
        <div class="field">
          <label for="subject">${t.subject}</label>
          <input id="subject" name="subject" maxlength="200" required aria-invalid=${!!invalid.subject} aria-describedby="subject-error" />
          <span id="subject-error" class="error">${invalid.subject ?? ''}</span>
        </div>
        <p class="muted">${t.hint}</p>
        <helpdesk-editor .words=${t} label=${t.description} required error=${invalid.message ?? ''}
          >${this.staff ? this.cannedMenu(category) : nothing}</helpdesk-editor
        >
        ${
          faqs.length
            ? html`<section aria-labelledby="faqs">
                <h3 id="faqs">${t.faqs}</h3>
                ${faqs.map(
                  (f) =>
                    html`<details>
                      <summary>${f.title}</summary>
                      <div .innerHTML=${f.content}></div>
                    </details>`,
                )}
              </section>`
            : nothing
        }
        <helpdesk-files .words=${t}></helpdesk-files>
        <p class="error" role="alert">${this.problem}</p>
        <button type="submit" class="primary" ?disabled=${this.sending}>${this.sending ? t.sending : t.submit}</button>
      </form>`;
  }

  /** Staff's "Réponses types" (the staff part draws it): the category is known, the rest stays as typed. */
  private cannedMenu(category: WizardCategory) {
    loadPart('staff').catch(() => undefined);
    return html`<helpdesk-canned-menu
      slot="tools"
      .client=${this.api}
      .departmentId=${category.department.id}
      .variables=${{ category: category.path }}
    ></helpdesk-canned-menu>`;
  }

  private renderSummary(ticket: Created) {
    const { t } = this;
    return html`<h2 tabindex="-1">${t.created(ticket.number)}</h2>
      <p>${t.createdInfo}</p>
      <dl class="props">
        <dt>${t.subject}</dt>
        <dd>${ticket.subject}</dd>
        <dt>${t.category}</dt>
        <dd>${ticket.category?.path}</dd>
        <dt>${t.status}</dt>
        <dd>${this.label('status', ticket.status)}</dd>
        ${
          ticket.owner?.email
            ? html`<dt>${t.receiptTo}</dt>
                <dd>${ticket.owner.email}</dd>`
            : nothing
        }
      </dl>
      <div class="row">
        <button class="primary" @click=${() => this.emit('helpdesk-open-ticket', { number: ticket.number })}>${t.openTicket}</button>
        <button @click=${() => void this.reset()}>${t.createAnother}</button>
      </div>`;
  }

  /** Back to step 1 with an empty form. */
  async reset(): Promise<void> {
    this.created = undefined;
    this.draft = undefined;
    await this.choose(undefined);
  }

  // "Changer de catégorie" keeps the subject, the description and the files for the category chosen next.
  private changeCategory(): void {
    this.draft = {
      subject: this.renderRoot.querySelector<HTMLInputElement>('#subject')!.value,
      message: this.editor!.value,
      files: this.files!.files,
      template: this.category?.subjectTemplate,
    };
    void this.choose(undefined);
  }

  // A field corrected loses its error at once.
  private recheck(): void {
    const { subject, message } = this.invalid;
    if (subject && this.renderRoot.querySelector<HTMLInputElement>('#subject')!.value.trim())
      this.invalid = { ...this.invalid, subject: undefined };
    if (message && !isBlank(this.editor!.value)) this.invalid = { ...this.invalid, message: undefined };
    if (!this.invalid.subject && !this.invalid.message) this.problem = '';
  }

  private applyFilter(e: SubmitEvent): void {
    e.preventDefault();
    this.filter = (new FormData(e.target as HTMLFormElement).get('filter') as string).trim();
  }

  private async choose(category: WizardCategory | undefined): Promise<void> {
    this.category = category;
    this.invalid = {};
    this.problem = '';
    await this.updateComplete;
    if (category) {
      const subject = this.renderRoot.querySelector<HTMLInputElement>('#subject')!;
      const draft = this.draft;
      // What was typed wins; an untouched template gives way to the new category's.
      const typed = draft?.subject && draft.subject !== (draft.template ?? '') ? draft.subject : '';
      subject.value = typed || (category.subjectTemplate ?? '');
      this.editor!.value = draft && !isBlank(draft.message) ? draft.message : (category.messageTemplate ?? '');
      if (draft?.files.length) this.files!.add(draft.files);
      this.draft = undefined;
    }
    this.renderRoot.querySelector('h2')?.focus();
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { t } = this;
    const subject = this.renderRoot.querySelector<HTMLInputElement>('#subject')!.value.trim();
    const message = this.editor!.value;
    this.invalid = { subject: subject ? undefined : t.missingSubject, message: isBlank(message) ? t.missingDescription : undefined };
    if (this.invalid.subject || this.invalid.message) {
      this.problem = t.formInvalid;
      if (this.invalid.subject) this.renderRoot.querySelector<HTMLInputElement>('#subject')!.focus();
      else this.editor!.focus();
      return;
    }
    this.sending = true;
    this.problem = '';
    try {
      const files = this.files!;
      const { data } = await this.api.mutate({
        mutation: CreateTicketDocument,
        variables: { input: { categoryId: this.category!.id, subject, message, attachments: files.files.length ? files.files : null } },
        context: { onUploadProgress: (sent: number, total: number) => (files.progress = sent / total) },
      });
      this.created = data!.createTicket;
      this.category = undefined;
      this.emit('helpdesk-ticket-created', { number: this.created.number });
      await this.updateComplete;
      this.renderRoot.querySelector('h2')?.focus();
    } catch (error) {
      const { field } = graphqlError(error);
      if (field === 'subject') this.invalid = { subject: errorText(t, error) };
      this.problem = errorText(t, error);
    } finally {
      this.sending = false;
      if (this.files) this.files.progress = undefined;
    }
  }
}
