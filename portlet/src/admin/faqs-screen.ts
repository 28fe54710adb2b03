import { html, nothing } from 'lit';
import { AdminFaqsDocument, CreateFaqDocument, UpdateFaqDocument, type AdminFaqsQuery } from '../graphql/generated/graphql.js';
import { QueryController } from '../shared/query.js';
import { areaField, checkField, formValues, selectField, textField } from './admin-fields.js';
import { AdminScreenElement } from './admin-screen.js';

type AdminFaq = AdminFaqsQuery['faqs'][number];

/**
 * `<helpdesk-admin-faqs>`: "Entrées de FAQ" of a category of the chosen department (its own and its
 * ancestors', as the wizard shows them), "Modifier", and "Nouvelle entrée de FAQ" with its categories.
 */
export class HelpdeskAdminFaqs extends AdminScreenElement<AdminFaq> {
  static override properties = { ...AdminScreenElement.properties, categoryId: { state: true } };
  private categoryId = '';

  private readonly faqs = new QueryController(this, AdminFaqsDocument, () =>
    this.chosen ? { client: this.api, variables: { categoryId: this.chosen } } : null,
  );

  /** The category whose entries are shown: the one chosen, if it is the department's, else its first. */
  private get chosen(): string | undefined {
    const categories = this.department?.categories ?? [];
    return categories.find((c) => c.id === this.categoryId)?.id ?? categories.at(0)?.id;
  }

  override render() {
    const { w } = this;
    const dep = this.department;
    if (!dep) return html`<p>${w.noDepartment}</p>`;
    if (!dep.categories.length) return html`<p>${w.noCategories}</p>`;
    const f = this.editingIn(this.faqs.data?.faqs);
    const categories = dep.categories.map((c) => [c.id, c.path] as [string, string]);
    return html`<h3>${w.faqs}</h3>
      <div class="row">
        <label for="category">${w.category}</label>
        <select id="category" @change=${(e: Event) => (this.categoryId = (e.target as HTMLSelectElement).value)}>
          ${categories.map(([id, path]) => html`<option value=${id} ?selected=${id === this.chosen}>${path}</option>`)}
        </select>
      </div>
      ${
        this.faqs.data?.faqs.length
          ? html`<ul class="items">
              ${this.faqs.data.faqs.map(
                (o) =>
                  html`<li>
                    <span>${o.title}</span> ${o.enabled ? nothing : html`<span class="tag">${w.disabled}</span>`}
                    <button aria-label="${w.edit} ${o.title}" @click=${() => this.open(o)}>${w.edit}</button>
                  </li>`,
              )}
            </ul>`
          : html`<p>${this.faqs.data ? w.noFaqs : this.t.loading}</p>`
      }
      <form @submit=${this.submit} novalidate>
        <h3 tabindex="-1">${f ? w.editFaq(f.title) : w.newFaq}</h3>
        ${textField(this, 'title', w.title, f?.title, { required: true })} ${areaField(this, 'content', w.content, f?.content)}
        ${checkField('enabled', w.enabled, f?.enabled ?? true)}
        ${f ? nothing : selectField(this, 'categoryIds', w.faqCategories, categories, this.chosen, true)} ${this.feedback()}
        ${this.formButtons(!!f)}
      </form>`;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const v = formValues(form);
    const input = { title: v.text('title'), content: v.text('content') ?? '', enabled: v.checked('enabled') };
    const refetch = (): void => this.faqs.refetch();
    const editing = this.editingIn(this.faqs.data?.faqs);
    if (editing) {
      if (await this.save(UpdateFaqDocument, { id: editing.id, input })) refetch();
    } else if (
      await this.save(CreateFaqDocument, { departmentId: this.department!.id, input: { ...input, categoryIds: v.all('categoryIds') } })
    ) {
      form.reset();
      refetch();
    }
  }
}
