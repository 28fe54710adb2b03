import { html } from 'lit';
import type { DepartmentsQuery, TicketCountsQuery, TicketFilter, TicketStatus } from '../graphql/generated/graphql.js';
import type { HelpdeskElement } from '../shared/helpdesk-element.js';

/**
 * The staff queue's filters — Statut (with how many tickets each holds), Catégorie, Gestionnaire
 * (or "aucun"), Rechercher — and "APPLIQUER", which hands the new filter over.
 */
export function queueFilters(
  host: HelpdeskElement,
  departments: DepartmentsQuery['departments'],
  counts: TicketCountsQuery['ticketCounts'] | undefined,
  filter: TicketFilter,
  apply: (filter: TicketFilter) => void,
) {
  const { t } = host;
  const status = Array.isArray(filter.statuses) ? filter.statuses[0] : undefined;
  const manager = filter.unassigned ? 'none' : filter.managerId;
  const people = new Map(departments.flatMap((d) => d.members.map((m) => [m.user.id, m.user.displayName] as const)));
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const get = (name: string) => (data.get(name) as string | null)?.trim() || undefined;
    const chosen = get('status') as TicketStatus | undefined;
    const who = get('manager');
    apply({
      involvement: 'DEPARTMENT',
      statuses: chosen ? [chosen] : undefined,
      categoryId: get('category'),
      managerId: who === 'none' ? undefined : who,
      unassigned: who === 'none' || undefined,
      search: get('search'),
    });
  };
  return html`<form class="row noprint" aria-label=${t.filters} @submit=${submit}>
    <label for="status">${t.status}</label>
    <select id="status" name="status">
      <option value="">${t.all}</option>
      ${(counts ?? []).map(({ status: s, count }) => html`<option value=${s} ?selected=${status === s}>${host.label('status', s, true)} (${count})</option>`)}
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
    <label for="manager">${t.manager}</label>
    <select id="manager" name="manager">
      <option value="">${t.all}</option>
      <option value="none" ?selected=${manager === 'none'}>${t.none}</option>
      ${[...people].map(([id, name]) => html`<option value=${id} ?selected=${manager === id}>${name}</option>`)}
    </select>
    <label for="search">${t.search}</label>
    <input id="search" name="search" type="search" .value=${filter.search ?? ''} />
    <button type="submit">${t.apply}</button>
  </form>`;
}
