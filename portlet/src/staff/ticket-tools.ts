import { css, html } from 'lit';
import { BookmarkTicketDocument, NextUnreadDocument, type TicketFilter } from '../graphql/generated/graphql.js';
import { errorText } from '../shared/errors.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { base } from '../shared/styles.js';
import { StaffElement } from './staff-element.js';

/**
 * `<helpdesk-ticket-tools>` (staff part), in the ticket view's header: the star "Signet" (a toggle
 * button: its name stays, aria-pressed and the star say whether it is set), and "Ticket non lu suivant", which sends
 * `helpdesk-open-ticket` for the first unread ticket of the queue other than this one (when nobody
 * handles it, the page goes to `?ticket=N`).
 */
export class HelpdeskTicketTools extends StaffElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        align-items: center;
        background: none;
      }
      .star[aria-pressed='true'] {
        background: var(--a);
        color: #fff;
      }
      [role='status']:empty {
        display: none;
      }
    `,
  ];

  static override properties = {
    ...HelpdeskElement.properties,
    ticketId: { attribute: false },
    number: { attribute: false },
    bookmarked: { attribute: false },
    queue: { attribute: false },
    busy: { state: true },
    message: { state: true },
  };

  declare ticketId: string;
  /** The open ticket's number, skipped by "next unread". */
  declare number: number;
  /** Whether the viewer bookmarked it (the view's ticket, kept fresh by the cache). */
  bookmarked = false;
  /** The queue the next unread ticket is taken from: the portlet's current one, else the departments'. */
  queue: TicketFilter = { involvement: 'DEPARTMENT' };
  private busy = false;
  private message = '';

  override render() {
    const { w } = this;
    return html`<button class="star" aria-pressed=${this.bookmarked} ?disabled=${this.busy} @click=${this.toggle}>
        <span aria-hidden="true">${this.bookmarked ? '★' : '☆'}</span> ${w.bookmark}
      </button>
      <button ?disabled=${this.busy} @click=${this.next}>${w.nextUnread}</button>
      <span role="status">${this.message}</span>`;
  }

  private async toggle(): Promise<void> {
    await this.run(() =>
      this.api.mutate({ mutation: BookmarkTicketDocument, variables: { ticketId: this.ticketId, bookmarked: !this.bookmarked } }),
    );
  }

  private async next(): Promise<void> {
    await this.run(async () => {
      // Straight from the server, and kept out of the cache: a page of the queue must not be replaced by it.
      const { data } = await this.api.query({
        query: NextUnreadDocument,
        variables: { filter: { ...this.queue, unread: true } },
        fetchPolicy: 'no-cache',
      });
      const next = data?.tickets.edges.map((e) => e.node).find((n) => n.number !== this.number);
      if (!next) {
        this.message = this.w.noUnread;
        return;
      }
      if (this.emit('helpdesk-open-ticket', { number: next.number })) location.search = `?ticket=${next.number}`;
    });
  }

  private async run(work: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.message = '';
    try {
      await work();
    } catch (error) {
      this.message = errorText(this.t, error);
    } finally {
      this.busy = false;
    }
  }
}
