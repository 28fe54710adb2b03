import { html, css, nothing } from 'lit';
import { type Involvement, type TicketFilter, TicketsDocument } from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { formatDate } from '../shared/i18n.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';

/**
 * `<helpdesk-ticket-list>`: a table of tickets (mine, the ones I am invited to, a department's queue),
 * page after page. Used by the portlet and usable alone: `involvement="OWNER"`, or `.filter=${…}`.
 * Opening a ticket sends `helpdesk-open-ticket`; when nobody handles it, the link `?ticket=N` is followed.
 */
export class HelpdeskTicketList extends HelpdeskElement {
  static override styles = [
    base,
    css`
      td:first-child a {
        font-weight: 600;
      }
      caption {
        text-align: left;
        font-weight: 600;
      }
    `,
  ];

  static override properties = { involvement: {}, filter: { attribute: false }, heading: {}, first: { type: Number } };

  /** Which of the viewer's tickets, when used alone: OWNER, INVITED, MANAGER, DEPARTMENT, WATCHING. */
  declare involvement: Involvement | undefined;
  /** The whole filter (statuses, department, category, search…); wins over `involvement`. */
  declare filter: TicketFilter | undefined;
  /** The table's title ("Mes tickets"). */
  heading = '';
  /** Tickets per page. */
  first = 20;

  private readonly list = new QueryController(this, TicketsDocument, () => ({
    client: this.api,
    variables: { filter: this.filter ?? (this.involvement ? { involvement: this.involvement } : {}), first: this.first },
  }));

  override render() {
    const { t, list } = this;
    const heading = this.heading || t.myTickets;
    if (list.error && !list.data) {
      return html`<h3>${heading}</h3>
        <p role="alert" class="error">${errorText(t, list.error)} <button @click=${() => list.refetch()}>${t.retry}</button></p>`;
    }
    if (!list.data)
      return html`<h3>${heading}</h3>
        <p role="status">${t.loading}</p>`;
    const { edges, totalCount, pageInfo } = list.data.tickets;
    // A department's queue and the tickets one manages are read from the staff's side.
    const involvement = this.filter?.involvement ?? this.involvement;
    const staff = involvement === 'DEPARTMENT' || involvement === 'MANAGER';
    if (!edges.length)
      return html`<h3>${heading}</h3>
        <p class="empty">${t.noTickets}</p>`;
    return html`<table part="table">
        <caption>
          ${heading}
          <span class="muted">(${t.count(edges.length, totalCount)})</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.number}</th>
            <th scope="col">${t.subject}</th>
            <th scope="col">${t.status}</th>
            <th scope="col">${t.category}</th>
            <th scope="col">${t.owner}</th>
            <th scope="col">${t.manager}</th>
            <th scope="col">${t.lastActivity}</th>
          </tr>
        </thead>
        <tbody>
          ${edges.map(
            ({ node }) =>
              html`<tr>
                <td><a href="?ticket=${node.number}" @click=${(e: Event) => this.open(e, node.number)}>${node.number}</a></td>
                <td>${node.subject}</td>
                <td>${this.label('status', node.status, staff)}</td>
                <td>${node.category?.path}</td>
                <td>${node.owner?.displayName}</td>
                <td>${node.manager?.displayName ?? t.none}</td>
                <td>${formatDate(this.language, node.lastActivityAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        pageInfo.hasNextPage
          ? html`<p class="noprint"><button @click=${() => void list.fetchMore({ after: pageInfo.endCursor })}>${t.more}</button></p>`
          : nothing
      }`;
  }

  // In the portlet its listener opens the ticket; alone, the link is followed.
  private open(e: Event, number: number): void {
    if (!this.emit('helpdesk-open-ticket', { number })) e.preventDefault();
  }
}
