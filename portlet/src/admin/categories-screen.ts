import { html, nothing, type TemplateResult } from 'lit';
import {
  CreateCategoryDocument,
  UpdateCategoryDocument,
  type AssignmentMode,
  type TicketVisibility,
} from '../graphql/generated/graphql.js';
import { areaField, checkField, formValues, selectField, textField } from './admin-fields.js';
import { AdminScreenElement, type AdminDepartment } from './admin-screen.js';
import { ASSIGNMENT_MODES } from './departments-screen.js';

type AdminCategory = AdminDepartment['categories'][number];
const VISIBILITIES: TicketVisibility[] = ['PRIVATE', 'PUBLIC', 'SUBJECT_ONLY'];

/**
 * `<helpdesk-admin-categories>`: "Arborescence des catégories" of the chosen department — the tree
 * (disabled and hidden ones marked), "Modifier", and "Nouvelle catégorie": label, parent, position,
 * enabled, hidden, default priority and visibility, automatic assignment (else the department's),
 * alert address, subject and description templates.
 */
export class HelpdeskAdminCategories extends AdminScreenElement<AdminCategory> {
  override render() {
    const { w } = this;
    const dep = this.department;
    if (!dep) return html`<p>${w.noDepartment}</p>`;
    // Another department's category (the menu's choice changed): the form creates one.
    const c = this.editingIn(dep.categories);
    const none: [string, string] = ['', w.none];
    const others = dep.categories.filter((o) => o.id !== c?.id);
    return html`<h3>${w.categories}</h3>
      ${dep.categories.length ? this.tree(dep.categories, null) : html`<p>${w.noCategories}</p>`}
      <form @submit=${this.submit} novalidate>
        <h3 tabindex="-1">${c ? w.editCategory(c.path) : w.newCategory}</h3>
        ${textField(this, 'label', w.label, c?.label, { required: true })}
        ${selectField(this, 'parentId', w.parent, [['', w.root], ...others.map((o) => [o.id, o.path] as [string, string])], c?.parent?.id)}
        ${textField(this, 'position', w.position, c?.position ?? 0, { type: 'number', min: 0 })}
        ${checkField('enabled', w.enabled, c?.enabled ?? true)} ${checkField('hidden', w.hiddenField, c?.hidden ?? false)}
        ${selectField(
          this,
          'defaultPriority',
          w.defaultPriority,
          [none, ...[1, 2, 3, 4, 5].map((p) => [String(p), this.label('priority', p)] as [string, string])],
          c?.defaultPriority ? String(c.defaultPriority) : '',
        )}
        ${selectField(
          this,
          'defaultVisibility',
          w.defaultVisibility,
          [none, ...VISIBILITIES.map((v) => [v, this.label('visibility', v)] as [string, string])],
          c?.defaultVisibility,
        )}
        ${selectField(
          this,
          'assignmentMode',
          w.assignmentMode,
          [['', w.inherited], ...ASSIGNMENT_MODES.map((m) => [m, this.label('assignment', m)] as [string, string])],
          c?.assignmentMode,
        )}
        ${textField(this, 'alertEmail', w.alertEmail, c?.alertEmail, { type: 'email' })}
        ${textField(this, 'subjectTemplate', w.subjectTemplate, c?.subjectTemplate)}
        ${areaField(this, 'messageTemplate', w.messageTemplate, c?.messageTemplate)} ${this.feedback()} ${this.formButtons(!!c)}
      </form>`;
  }

  /** The categories under `parent`, by position, each with its own sub-tree. */
  private tree(all: AdminCategory[], parent: string | null): TemplateResult {
    const level = all.filter((c) => (c.parent?.id ?? null) === parent).sort((a, b) => a.position - b.position);
    return html`<ul class="items">
      ${level.map(
        (c) =>
          html`<li>
            <span>${c.label}</span>
            ${c.enabled ? nothing : html`<span class="tag">${this.w.disabled}</span>`}
            ${c.hidden ? html`<span class="tag">${this.w.hidden}</span>` : nothing}
            <button aria-label="${this.w.edit} ${c.path}" @click=${() => this.open(c)}>${this.w.edit}</button>
            ${all.some((o) => o.parent?.id === c.id) ? this.tree(all, c.id) : nothing}
          </li>`,
      )}
    </ul>`;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const v = formValues(form);
    const input = {
      label: v.text('label'),
      parentId: v.text('parentId') ?? null,
      position: v.number('position'),
      enabled: v.checked('enabled'),
      hidden: v.checked('hidden'),
      defaultPriority: v.number('defaultPriority') ?? null,
      defaultVisibility: (v.text('defaultVisibility') as TicketVisibility | undefined) ?? null,
      assignmentMode: (v.text('assignmentMode') as AssignmentMode | undefined) ?? null,
      alertEmail: v.nullable('alertEmail'),
      subjectTemplate: v.nullable('subjectTemplate'),
      messageTemplate: v.nullable('messageTemplate'),
    };
    const editing = this.editingIn(this.department?.categories);
    if (editing) await this.save(UpdateCategoryDocument, { id: editing.id, input });
    else if (await this.save(CreateCategoryDocument, { input: { ...input, departmentId: this.department!.id } })) form.reset();
  }
}
