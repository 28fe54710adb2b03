import { html } from 'lit';
import {
  RemoveDepartmentMemberDocument,
  SaveDepartmentMemberDocument,
  type AlertPreference,
  type MemberRole,
} from '../graphql/generated/graphql.js';
import { checkField, formValues, selectField } from './admin-fields.js';
import { AdminScreenElement } from './admin-screen.js';
import { PeopleSearch } from '../shared/people-search.js';

const ROLES: MemberRole[] = ['MANAGER', 'SUPERVISOR'];
export const ALERTS: AlertPreference[] = ['ALL', 'MY_CATEGORIES', 'NONE'];

/**
 * `<helpdesk-admin-members>`: "Membres et rôles" of the chosen department — each member with role,
 * availability and alerts, "Retirer", and a form that adds someone (by login, with the people search)
 * or changes a member's role, availability and alerts.
 */
export class HelpdeskAdminMembers extends AdminScreenElement {
  private readonly finder = new PeopleSearch(this, () => this.api);

  override render() {
    const { w } = this;
    const dep = this.department;
    if (!dep) return html`<p>${w.noDepartment}</p>`;
    return html`<h3>${w.members}</h3>
      ${
        dep.members.length
          ? html`<ul class="items">
              ${dep.members.map(
                (m) =>
                  html`<li>
                    <strong>${m.user.displayName}</strong> <span class="muted">${m.user.uid}</span>
                    <span>${this.label('role', m.role)}</span>
                    <span>${w.available} : ${m.available ? w.yes : w.no}</span>
                    <span>${w.alert} : ${this.label('alert', m.alert)}</span>
                    <button @click=${() => this.removeMember(m.user.id)}>${w.removeMember(m.user.displayName)}</button>
                  </li>`,
              )}
            </ul>`
          : html`<p>${w.noMembers}</p>`
      }
      <form @submit=${this.submit} novalidate>
        <h3>${w.addMember}</h3>
        <div class="field">
          <label for="uid">${w.user}</label>
          <input id="uid" name="uid" list="people" autocomplete="off" required aria-describedby="feedback" @input=${this.finder.search} />
          <datalist id="people">${this.finder.people.map((u) => html`<option value=${u.uid}>${u.displayName}</option>`)}</datalist>
        </div>
        ${selectField(
          this,
          'role',
          w.role,
          ROLES.map((r) => [r, this.label('role', r)] as [string, string]),
          'MANAGER',
        )}
        ${checkField('available', w.available, true)}
        ${selectField(
          this,
          'alert',
          w.alert,
          ALERTS.map((a) => [a, this.label('alert', a)] as [string, string]),
          'ALL',
        )}
        ${this.feedback()}
        <button class="primary" type="submit">${w.save}</button>
      </form>`;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const v = formValues(form);
    const input = {
      departmentId: this.department!.id,
      uid: v.text('uid') ?? '',
      role: v.text('role') as MemberRole,
      available: v.checked('available'),
      alert: v.text('alert') as AlertPreference,
    };
    if (await this.save(SaveDepartmentMemberDocument, { input })) form.reset();
  }

  private async removeMember(userId: string): Promise<void> {
    await this.save(RemoveDepartmentMemberDocument, { departmentId: this.department!.id, userId });
  }
}
