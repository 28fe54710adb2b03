import { html, css, nothing } from 'lit';
import { type Involvement, type TicketFilter, type TicketStatus, TicketsDocument } from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { formatAge, formatDate } from '../shared/i18n.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';

/**
 * `<helpdesk-ticket-list>`: a table of tickets (mine, the ones I am invited to, a department's queue),
 * page after page. Used by the portlet and usable alone: `involvement="OWNER"`, or `.filter=${…}`.
 * Opening a ticket sends `helpdesk-open-ticket`; when nobody handles it, the link `?ticket=N` is followed.
 * A ticket with an entry the viewer has not seen is bold, and says "non lu" to screen readers.
 */
export class HelpdeskTicketList extends HelpdeskElement {
  static override styles = [
    base,
    css`
      :host {
        container-type: inline-size;
      }
      td:first-child a {
        font-weight: 600;
      }
      td {
        overflow-wrap: anywhere;
      }
      .unread td {
        font-weight: 700;
      }
      /* A phone (or a narrow ENT column): number, subject, status and age only, never a sideways scroll. */
      @container (max-width: 40em) {
        .wide {
          display: none;
        }
      }
      caption {
        text-align: left;
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    involvement: {},
    filter: { attribute: false },
    heading: {},
    first: { type: Number },
    searchable: { type: Boolean },
    mine: { state: true },
  };

  /** Which of the viewer's tickets, when used alone: OWNER, INVITED, MANAGER, DEPARTMENT, WATCHING. */
  declare involvement: Involvement | undefined;
  /** The whole filter (statuses, department, category, search…); wins over `involvement`. */
  declare filter: TicketFilter | undefined;
  /** The table's title ("Mes tickets"). */
  heading = '';
  /** Tickets per page. */
  first = 20;
  /** With its own search and status choice (the owner's "Mes tickets"). */
  searchable = false;
  /** What that search asks, on top of the filter. */
  private mine: TicketFilter = {};

  private readonly list = new QueryController(this, TicketsDocument, () => ({
    client: this.api,
    variables: {
      filter: { ...(this.filter ?? (this.involvement ? { involvement: this.involvement } : {})), ...this.mine },
      first: this.first,
    },
  }));

  /** The owner's own list: their name in every row would say nothing. */
  private get ownList(): boolean {
    return (this.filter?.involvement ?? this.involvement) === 'OWNER';
  }

  override render() {
    return html`${this.searchable ? this.searchForm() : nothing}${this.table()}`;
  }

  /** "Rechercher" and which statuses, over the owner's own tickets. */
  private searchForm() {
    const { t } = this;
    const submit = (e: SubmitEvent): void => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      const which = data.get('which') as keyof typeof WHICH;
      this.mine = { search: (data.get('search') as string).trim() || undefined, statuses: WHICH[which] };
    };
    return html`<form class="row noprint" role="search" aria-label=${t.search} @submit=${submit}>
      <label for="search">${t.search}</label>
      <input id="search" name="search" type="search" />
      <label for="which">${t.status}</label>
      <select id="which" name="which">
        <option value="all">${t.all}</option>
        <option value="open">${t.openTickets}</option>
        <option value="ended">${t.endedTickets}</option>
      </select>
      <button type="submit">${t.apply}</button>
    </form>`;
  }

  private table() {
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
    const owner = !this.ownList;
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
            <th scope="col">${t.age}</th>
            <th scope="col" class="wide">${t.category}</th>
            ${owner ? html`<th scope="col" class="wide">${t.owner}</th>` : nothing}
            <th scope="col" class="wide">${t.manager}</th>
            <th scope="col" class="wide">${t.lastActivity}</th>
          </tr>
        </thead>
        <tbody>
          ${edges.map(
            ({ node }) =>
              html`<tr class=${node.unread ? 'unread' : ''}>
                <td><a href="?ticket=${node.number}" @click=${(e: Event) => this.open(e, node.number)}>${node.number}</a></td>
                <td>${node.subject}${node.unread ? html`<span class="sr"> (${t.unread})</span>` : nothing}</td>
                <td>${this.label('status', node.status, staff)}</td>
                <td>
                  <time datetime=${node.createdAt} title=${formatDate(this.language, node.createdAt)}
                    >${formatAge(this.language, node.createdAt)}</time
                  >
                </td>
                <td class="wide">${node.category?.path}</td>
                ${owner ? html`<td class="wide">${node.owner?.displayName}</td>` : nothing}
                <td class="wide">${node.manager?.displayName ?? t.none}</td>
                <td class="wide">${formatDate(this.language, node.lastActivityAt)}</td>
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

/** The owner's status choice: every ticket, those still being handled, those that ended. */
const WHICH: Record<'all' | 'open' | 'ended', TicketStatus[] | undefined> = {
  all: undefined,
  open: ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED'],
  ended: ['APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED'],
};
