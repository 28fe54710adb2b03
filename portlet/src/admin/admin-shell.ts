import { css, html, nothing } from 'lit';
import { AdminDepartmentsDocument, ViewerDocument } from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { adminWords } from './admin-screen.js';
import { SCREENS } from './screens.js';

/**
 * `<helpdesk-admin>` (admin part): the administration for admins and supervisors — a menu of the
 * screens of `SCREENS`, the department the screens of one department work on, and the chosen screen.
 * The server decides what each may change (a supervisor their own department's settings, tree, FAQ
 * and members; an admin everything); a refusal is said on the screen.
 */
export class HelpdeskAdmin extends HelpdeskElement {
  static override styles = [
    base,
    css`
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        list-style: none;
        padding: 0;
        margin: 0 0 1em;
      }
      [aria-current='page'] {
        background: var(--a);
        color: #fff;
      }
      select {
        max-width: 100%;
      }
    `,
  ];

  static override properties = { ...HelpdeskElement.properties, screen: { state: true }, departmentId: { state: true } };
  private screen = SCREENS[0].id;
  private departmentId = '';

  private readonly departments = new QueryController(this, AdminDepartmentsDocument, () => ({ client: this.api, variables: {} }));
  private readonly viewer = new QueryController(this, ViewerDocument, () => ({ client: this.api, variables: {} }));

  override render() {
    const w = adminWords(this);
    const { departments } = this;
    if (departments.error && !departments.data) return html`<p role="alert" class="error">${errorText(this.t, departments.error)}</p>`;
    if (!departments.data) return html`<p role="status">${this.t.loading}</p>`;
    const viewer = this.viewer.data?.viewer;
    // Admins administer every department; supervisors those they supervise.
    const all = departments.data.departments;
    const mine = viewer?.isAdmin
      ? all
      : all.filter((d) => viewer?.memberships.some((m) => m.role === 'SUPERVISOR' && d.members.some((x) => x.id === m.id)));
    const department = mine.find((d) => d.id === this.departmentId) ?? mine[0];
    const screens = SCREENS.filter((s) => !!viewer?.isAdmin || !s.adminOnly);
    const shown = screens.find((s) => s.id === this.screen) ?? screens[0];
    return html`<h2>${w.administration}</h2>
      <nav aria-label=${w.screens}>
        <ul>
          ${screens.map(
            (s) =>
              html`<li>
                <button aria-current=${s === shown ? 'page' : 'false'} @click=${() => (this.screen = s.id)}>${s.title(w)}</button>
              </li>`,
          )}
        </ul>
      </nav>
      ${
        shown.perDepartment && mine.length
          ? html`<div class="row">
              <label for="department">${w.department}</label>
              <select id="department" @change=${(e: Event) => (this.departmentId = (e.target as HTMLSelectElement).value)}>
                ${mine.map((d) => html`<option value=${d.id} ?selected=${d === department}>${d.label}</option>`)}
              </select>
            </div>`
          : nothing
      }
      ${shown.render({ client: this.api, departments: mine, department, admin: !!viewer?.isAdmin })}`;
  }
}
