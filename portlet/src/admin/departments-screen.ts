import { html } from 'lit';
import { DepartmentsDocument } from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { adminWords } from './admin-shell.js';

/** `<helpdesk-admin-departments>`: the departments the viewer administers. */
export class HelpdeskAdminDepartments extends HelpdeskElement {
  static override styles = [base];
  private readonly list = new QueryController(this, DepartmentsDocument, () => ({ client: this.api, variables: {} }));

  override render() {
    const { t, list } = this;
    const w = adminWords(this);
    if (list.error && !list.data) return html`<p role="alert" class="error">${errorText(t, list.error)}</p>`;
    if (!list.data) return html`<p role="status">${t.loading}</p>`;
    return html`<h3>${w.departments}</h3>
      <ul>
        ${list.data.departments.map((d) => html`<li>${d.label}</li>`)}
      </ul>`;
  }
}
