import { html, nothing } from 'lit';
import type { DepartmentsQuery, TicketFilter, TicketStatus } from '../graphql/generated/graphql.js';
import type { HelpdeskElement } from '../shared/helpdesk-element.js';

const STATUSES: TicketStatus[] = [
  'FREE',
  'IN_PROGRESS',
  'INCOMPLETE',
  'POSTPONED',
  'CLOSED',
  'APPROVED',
  'CANCELLED',
  'REFUSED',
  'EXPIRED',
];

/** The staff queue's filters (status, category, search) and "APPLIQUER", which hands the new filter over. */
export function queueFilters(
  host: HelpdeskElement,
  departments: DepartmentsQuery['departments'],
  filter: TicketFilter,
  apply: (filter: TicketFilter) => void,
) {
  const { t } = host;
  const statuses = Array.isArray(filter.statuses) ? filter.statuses : [];
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const get = (name: string) => (data.get(name) as string | null)?.trim() || undefined;
    const status = get('status') as TicketStatus | undefined;
    apply({ involvement: 'DEPARTMENT', statuses: status ? [status] : undefined, categoryId: get('category'), search: get('search') });
  };
  return html`<form class="row noprint" aria-label=${t.filters} @submit=${submit}>
    <label for="status">${t.status}</label>
    <select id="status" name="status">
      <option value="">${t.all}</option>
      ${STATUSES.map((s) => html`<option value=${s} ?selected=${statuses[0] === s}>${host.label('status', s)}</option>`)}
    </select>
    <label for="category">${t.category}</label>
    <select id="category" name="category">
      <option value="">${t.all}</option>
      ${departments.map(
        (d) =>
          html`<optgroup label=${d.label}>
            ${d.categories.map((c) => html`<option value=${c.id} ?selected=${filter.categoryId === c.id}>${c.path}</option>`)}
          </optgroup>`,
      )}
    </select>
    <label for="search">${t.search}</label>
    <input id="search" name="search" type="search" .value=${filter.search ?? ''} />
    <button type="submit">${t.apply}</button>
    ${nothing}
  </form>`;
}
