import { html, nothing } from 'lit';
import { CreateDepartmentDocument, UpdateDepartmentDocument, type AssignmentMode } from '../graphql/generated/graphql.js';
import { checkField, formValues, selectField, textField } from './admin-fields.js';
import { AdminScreenElement, type AdminDepartment } from './admin-screen.js';

export const ASSIGNMENT_MODES: AssignmentMode[] = ['NONE', 'FIRST', 'ROUND_ROBIN', 'LEAST_LOADED'];

/**
 * `<helpdesk-admin-departments>`: "Services" — each department with its state, "Modifier" for its
 * settings (label, enabled, confidential, reopening and expiry days, automatic assignment, alert
 * address), and for admins "Nouveau service".
 */
export class HelpdeskAdminDepartments extends AdminScreenElement<AdminDepartment> {
  override render() {
    const { w } = this;
    const d = this.editingIn(this.departments);
    const modes = ASSIGNMENT_MODES.map((m) => [m, this.label('assignment', m)] as [string, string]);
    return html`<h3>${w.departments}</h3>
      <ul class="items">
        ${this.departments.map(
          (dep) =>
            html`<li>
              <strong>${dep.label}</strong> <span class="muted">${dep.code}</span>
              ${dep.enabled ? nothing : html`<span class="tag">${w.disabled}</span>`}
              <span>${w.assignmentMode} : ${this.label('assignment', dep.assignmentMode)}</span>
              <button aria-label="${w.edit} ${dep.label}" @click=${() => this.open(dep)}>${w.edit}</button>
            </li>`,
        )}
      </ul>
      ${
        d || this.admin
          ? html`<form @submit=${this.submit} novalidate>
              <h3 tabindex="-1">${d ? w.editDepartment(d.label) : w.newDepartment}</h3>
              ${d ? nothing : textField(this, 'code', w.code, '', { required: true })}
              ${textField(this, 'label', w.label, d?.label, { required: true })}
              ${d ? checkField('enabled', w.enabled, d.enabled) : nothing}
              ${checkField('confidential', w.confidential, d?.confidential ?? false)}
              ${selectField(this, 'assignmentMode', w.assignmentMode, modes, d?.assignmentMode ?? 'NONE')}
              ${
                d
                  ? html`${textField(this, 'reopenDays', w.reopenDays, d.reopenDays, { type: 'number', min: 0 })}
                    ${textField(this, 'expireDays', w.expireDays, d.expireDays, { type: 'number', min: 0 })}
                    ${textField(this, 'alertEmail', w.alertEmail, d.alertEmail, { type: 'email' })}`
                  : nothing
              }
              ${this.feedback()} ${this.formButtons(!!d)}
            </form>`
          : nothing
      }`;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const v = formValues(e.target as HTMLFormElement);
    const assignmentMode = v.text('assignmentMode') as AssignmentMode;
    const editing = this.editingIn(this.departments);
    if (editing) {
      await this.save(UpdateDepartmentDocument, {
        id: editing.id,
        input: {
          label: v.text('label'),
          enabled: v.checked('enabled'),
          confidential: v.checked('confidential'),
          reopenDays: v.number('reopenDays'),
          expireDays: v.number('expireDays'),
          assignmentMode,
          alertEmail: v.nullable('alertEmail'),
        },
      });
    } else if (
      await this.save(CreateDepartmentDocument, {
        input: { code: v.text('code') ?? '', label: v.text('label') ?? '', confidential: v.checked('confidential'), assignmentMode },
      })
    )
      (e.target as HTMLFormElement).reset();
  }
}
