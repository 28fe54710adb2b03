import { html } from 'lit';
import type {
  DepartmentsQuery,
  OrderDirection,
  TicketCountsQuery,
  TicketFilter,
  TicketOrderField,
  TicketStatus,
  UsersQuery,
} from '../graphql/generated/graphql.js';
import type { HelpdeskElement } from '../shared/helpdesk-element.js';
import type { StaffMessages } from './fr.js';

/** What the queue shows until someone chooses: open tickets only, closed and cancelled ones left out. */
export const OPEN: TicketStatus[] = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED'];

/** The people search of "Propriétaire", and the owner the filter names (to show their login again). */
export interface OwnerSearch {
  people: UsersQuery['users'];
  search(e: Event): void;
  /** The login typed for the current ownerId. */
  uid: string;
}

/**
 * The staff queue's filters — Statut (open ones by default, each with how many tickets it holds),
 * Catégorie, Gestionnaire (or "aucun"), Priorité, Propriétaire (a login, with the people search),
 * Rechercher, Signets, Non lus, Trier par — and "APPLIQUER", which hands the new filter over (or says the owner is unknown).
 */
export function queueFilters(
  host: HelpdeskElement,
  w: StaffMessages,
  departments: DepartmentsQuery['departments'],
  counts: TicketCountsQuery['ticketCounts'] | undefined,
  filter: TicketFilter,
  owner: OwnerSearch,
  apply: (filter: TicketFilter, ownerUid: string) => boolean,
) {
  const { t } = host;
  const statuses = Array.isArray(filter.statuses) ? filter.statuses : [];
  const status = statuses.length === 1 ? statuses[0] : statuses.length ? 'open' : '';
  const manager = filter.unassigned ? 'none' : filter.managerId;
  const priority = Array.isArray(filter.priorities) ? String(filter.priorities[0]) : '';
  const sort = filter.orderBy ? `${filter.orderBy.field}:${filter.orderBy.direction}` : 'LAST_ACTIVITY:DESC';
  const people = new Map(departments.flatMap((d) => d.members.map((m) => [m.user.id, m.user.displayName] as const)));
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const get = (name: string) => (data.get(name) as string | null)?.trim() || undefined;
    const chosen = get('status');
    const who = get('manager');
    const uid = get('owner') ?? '';
    const [field, direction] = (get('sort') ?? 'LAST_ACTIVITY:DESC').split(':') as [TicketOrderField, OrderDirection];
    apply(
      {
        involvement: 'DEPARTMENT',
        statuses: chosen === 'open' ? OPEN : chosen ? [chosen as TicketStatus] : undefined,
        categoryId: get('category'),
        managerId: who === 'none' ? undefined : who,
        unassigned: who === 'none' || undefined,
        priorities: get('priority') ? [Number(get('priority'))] : undefined,
        ownerId: uid ? owner.people.find((p) => p.uid === uid)?.id : undefined,
        search: get('search'),
        bookmarked: data.has('bookmarked') || undefined,
        unread: data.has('unread') || undefined,
        orderBy: { field, direction },
      },
      uid,
    );
  };
  return html`<form class="filters noprint" aria-label=${t.filters} @submit=${submit} novalidate>
    <div class="field">
      <label for="status">${t.status}</label>
      <select id="status" name="status">
        <option value="open" ?selected=${status === 'open'}>${w.openStatuses}</option>
        <option value="" ?selected=${status === ''}>${t.all}</option>
        ${(counts ?? []).map(({ status: s, count }) => html`<option value=${s} ?selected=${status === s}>${host.label('status', s, true)} (${count})</option>`)}
      </select>
    </div>
    <div class="field">
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
    </div>
    <div class="field">
      <label for="manager">${t.manager}</label>
      <select id="manager" name="manager">
        <option value="">${t.all}</option>
        <option value="none" ?selected=${manager === 'none'}>${t.none}</option>
        ${[...people].map(([id, name]) => html`<option value=${id} ?selected=${manager === id}>${name}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="priority">${w.priority}</label>
      <select id="priority" name="priority">
        <option value="">${t.all}</option>
        ${[5, 4, 3, 2, 1].map((p) => html`<option value=${p} ?selected=${priority === String(p)}>${host.label('priority', p)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="owner">${w.owner}</label>
      <input
        id="owner"
        name="owner"
        list="owners"
        autocomplete="off"
        .value=${owner.uid}
        aria-describedby="queue-problem"
        @input=${owner.search}
      />
      <datalist id="owners">${owner.people.map((u) => html`<option value=${u.uid}>${u.displayName}</option>`)}</datalist>
    </div>
    <div class="field">
      <label for="search">${t.search}</label>
      <input id="search" name="search" type="search" .value=${filter.search ?? ''} />
    </div>
    <div class="row check">
      <input id="bookmarked" name="bookmarked" type="checkbox" .checked=${!!filter.bookmarked} /><label for="bookmarked"
        >${w.bookmarks}</label
      >
    </div>
    <div class="row check">
      <input id="unread" name="unread" type="checkbox" .checked=${!!filter.unread} /><label for="unread">${w.unreadOnly}</label>
    </div>
    <div class="field">
      <label for="sort">${w.sort}</label>
      <select id="sort" name="sort">
        ${Object.entries(w.sorts).map(([value, words]) => html`<option value=${value} ?selected=${sort === value}>${words}</option>`)}
      </select>
    </div>
    <button type="submit">${t.apply}</button>
  </form>`;
}
