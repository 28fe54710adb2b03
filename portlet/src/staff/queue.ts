import { html } from 'lit';
import { TicketCountsDocument, type DepartmentsQuery, type TicketFilter, type TicketStatus } from '../graphql/generated/graphql.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { queueFilters } from './queue-filters.js';

const OPEN: TicketStatus[] = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED'];
const STATUSES: TicketStatus[] = [...OPEN, 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED'];

/**
 * `<helpdesk-queue>` (staff module): the queue of the viewer's departments, its filters with each
 * status's count, and the list. `filter` is the portlet's, so the queue comes back as it was left
 * after a ticket is opened; each "APPLIQUER" sends `change` with the new one in `filter`.
 */
export class HelpdeskQueue extends HelpdeskElement {
  static override styles = [base];
  static override properties = { departments: { attribute: false }, filter: { attribute: false } };

  /** The departments the viewer works in (their categories and members fill the filters). */
  departments: DepartmentsQuery['departments'] = [];
  filter: TicketFilter = { involvement: 'DEPARTMENT' };

  // Every status of the current filter (but its status), for the counts in the status list.
  private readonly counts = new QueryController(this, TicketCountsDocument, () => ({
    client: this.api,
    variables: { filter: { ...this.filter, statuses: STATUSES } },
  }));

  override render() {
    const { t } = this;
    return html`<h2 tabindex="-1">${t.queue}</h2>
      ${queueFilters(this, this.departments, this.counts.data?.ticketCounts, this.filter, (filter) => {
        this.filter = filter;
        this.dispatchEvent(new Event('change'));
      })}
      <helpdesk-ticket-list .client=${this.api} heading=${t.queue} .filter=${this.filter}></helpdesk-ticket-list>`;
  }
}
