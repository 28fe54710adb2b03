import { css, html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { TicketCountsDocument, type DepartmentsQuery, type TicketFilter, type TicketStatus } from '../graphql/generated/graphql.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { PeopleSearch } from '../shared/people-search.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { en } from './en.js';
import { fr, type StaffMessages } from './fr.js';
import { OPEN, queueFilters } from './queue-filters.js';

const STATUSES: TicketStatus[] = [...OPEN, 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED'];

/**
 * `<helpdesk-queue>` (staff part): the queue of the viewer's departments — open tickets by default,
 * its filters with each status's count, sorting, and the list with each ticket's age. `filter` is the
 * portlet's, so the queue comes back as it was left after a ticket is opened; each "APPLIQUER" sends
 * `change` with the new one in `filter`, as does applying a saved view ("Vues enregistrées").
 */
export class HelpdeskQueue extends HelpdeskElement {
  static override styles = [
    base,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.75em;
        align-items: end;
      }
      .filters .field,
      .filters .check {
        margin: 0.25em 0;
        max-width: 100%;
      }
      select,
      input {
        max-width: 100%;
      }
    `,
  ];
  static override properties = {
    ...HelpdeskElement.properties,
    departments: { attribute: false },
    filter: { attribute: false },
    problem: { state: true },
  };

  /** The departments the viewer works in (their categories and members fill the filters). */
  departments: DepartmentsQuery['departments'] = [];
  filter: TicketFilter = { involvement: 'DEPARTMENT', statuses: OPEN };
  private problem = '';
  private ownerUid = '';
  // A saved view applied: the filters' form is drawn anew, so every field shows the view's value.
  private viewsApplied = 0;
  private readonly finder = new PeopleSearch(this, () => this.api);

  // Every status of the current filter (but its status), for the counts in the status list.
  private readonly counts = new QueryController(this, TicketCountsDocument, () => ({
    client: this.api,
    variables: { filter: { ...this.filter, orderBy: undefined, statuses: STATUSES } },
  }));

  get w(): StaffMessages {
    return this.language === 'en' ? en : fr;
  }

  override render() {
    const { t, w } = this;
    const owner = { people: this.finder.people, search: this.finder.search, uid: this.ownerUid };
    const filters = queueFilters(this, w, this.departments, this.counts.data?.ticketCounts, this.filter, owner, (filter, uid) => {
      this.ownerUid = uid;
      if (uid && !filter.ownerId) {
        this.problem = w.unknownOwner;
        return false;
      }
      this.change(filter);
      return true;
    });
    return html`<h2 tabindex="-1">${t.queue}</h2>
      <helpdesk-saved-views
        .client=${this.api}
        .filter=${this.filter}
        @helpdesk-view=${(e: CustomEvent<{ filter: TicketFilter }>) => {
          this.ownerUid = '';
          this.viewsApplied++;
          this.change(e.detail.filter);
        }}
      ></helpdesk-saved-views>
      ${keyed(this.viewsApplied, filters)}
      <p id="queue-problem" class="error" role="alert">${this.problem}</p>
      <helpdesk-ticket-list .client=${this.api} heading=${t.queue} .filter=${this.filter}></helpdesk-ticket-list>`;
  }

  private change(filter: TicketFilter): void {
    this.problem = '';
    this.filter = filter;
    this.dispatchEvent(new Event('change'));
  }
}
