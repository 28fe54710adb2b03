import { html, css, nothing } from 'lit';
import {
  DepartmentsDocument,
  TicketStatusChangedDocument,
  ViewerDocument,
  type TicketFilter,
  type TicketStatus,
} from '../graphql/generated/graphql.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { LiveController } from '../shared/live.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import { loadPart, type Part } from '../shared/on-demand.js';
import { readLocation, writeLocation } from './location.js';

type View = 'home' | 'create' | 'queue' | 'canned' | 'statistics' | 'admin' | 'preferences' | 'ticket';

/**
 * `<helpdesk-portlet>`: the whole "Assistance" tab — my tickets and those I am invited to, "Créer un
 * ticket", "Accès direct" by number, and for staff their departments' queue with filters and search and their "Réponses types".
 * `ticket` and `action` (or the page's `?ticket=N&action=…`, a mail's link) open a ticket at once.
 */
export class HelpdeskPortlet extends HelpdeskElement {
  static override styles = [
    base,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        align-items: center;
        padding-bottom: 0.75em;
        margin-bottom: 0.75em;
        border-bottom: 1px solid var(--bd);
      }
      .bar form {
        margin-left: auto;
      }
      [aria-current='page'] {
        background: var(--a);
        color: #fff;
      }
      #number {
        width: 7em;
      }
      .lists > * {
        margin-bottom: 1.5em;
      }
    `,
  ];

  static override properties = {
    ticket: {},
    action: {},
    view: { state: true },
    current: { state: true },
    currentAction: { state: true },
    problem: { state: true },
    filter: { state: true },
  };

  /** A ticket to open at once (else the page's `?ticket=`). */
  declare ticket: string | undefined;
  /** With `ticket`: approve, refuse or answer (else the page's `?action=`). */
  declare action: string | undefined;
  private view: View = 'home';
  private current = '';
  declare private currentAction: string | undefined;
  private problem = '';
  private filter: TicketFilter = { involvement: 'DEPARTMENT', statuses: OPEN };
  private previous: View = 'home';

  private readonly departments = new QueryController(this, DepartmentsDocument, () => ({ client: this.api, variables: {} }));
  private readonly viewer = new QueryController(this, ViewerDocument, () => ({ client: this.api, variables: {} }));

  // A status changed somewhere the viewer may read: lists and counts are read again (once per burst).
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;
  protected readonly live = new LiveController(
    this,
    TicketStatusChangedDocument,
    () => ({ client: this.api, variables: {} }),
    (_, client) => {
      clearTimeout(this.refetchTimer);
      this.refetchTimer = setTimeout(() => void client.refetchQueries({ include: ['Tickets', 'TicketCounts'] }), 300);
    },
  );

  /** The departments the viewer works in: staff see their members, others see none. */
  get staffDepartments() {
    return (this.departments.data?.departments ?? []).filter((d) => d.members.length > 0);
  }

  /** Admins, and supervisors of a department, administer (the departments they may change). */
  get administers(): boolean {
    const viewer = this.viewer.data?.viewer;
    return !!viewer && (viewer.isAdmin || viewer.memberships.some((m) => m.role === 'SUPERVISOR'));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('popstate', this.onPopState);
    const link = this.ticket ? { ticket: this.ticket, action: this.action } : readLocation();
    if (link.ticket) this.openTicket(link.ticket, link.action, false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onPopState);
  }

  override render() {
    const { t } = this;
    const staff = this.staffDepartments.length > 0;
    const tab = (view: View, text: string) =>
      html`<button aria-current=${this.view === view ? 'page' : nothing} @click=${() => this.go(view, true)}>${text}</button>`;
    return html`<div part="portlet" @helpdesk-open-ticket=${this.onOpen} @helpdesk-back=${this.onBack}>
      <nav class="bar noprint" aria-label=${t.assistance}>
        ${tab('home', t.myTickets)} ${tab('create', t.create)} ${staff ? tab('queue', t.queue) : nothing}
        ${staff ? tab('canned', t.cannedAnswers) : nothing} ${this.administers ? tab('statistics', t.statistics) : nothing}
        ${this.administers ? tab('admin', t.administration) : nothing} ${tab('preferences', t.preferences)}
        <form class="row" @submit=${this.direct} novalidate>
          <label for="number">${t.ticketNumber}</label>
          <input id="number" name="number" inputmode="numeric" autocomplete="off" aria-describedby="problem" />
          <button type="submit">${t.directAccess}</button>
        </form>
      </nav>
      <p id="problem" class="error" role="alert">${this.problem}</p>
      ${this.renderView(staff)}
    </div>`;
  }

  private renderView(staff: boolean) {
    const { t } = this;
    switch (this.view) {
      case 'create':
        this.need('wizard');
        return html`<helpdesk-ticket-wizard .client=${this.api} ?staff=${staff}></helpdesk-ticket-wizard>`;
      case 'ticket':
        this.need('ticket');
        return html`<helpdesk-ticket-view
          .client=${this.api}
          ticket=${this.current}
          action=${this.currentAction ?? nothing}
          ?staff=${staff}
          .queue=${this.filter}
        ></helpdesk-ticket-view>`;
      case 'queue':
        this.need('staff');
        return html`<helpdesk-queue
          .client=${this.api}
          .departments=${this.staffDepartments}
          .filter=${this.filter}
          @change=${(e: Event) => (this.filter = (e.target as HTMLElementTagNameMap['helpdesk-queue']).filter)}
        ></helpdesk-queue>`;
      case 'canned':
        this.need('staff');
        return html`<helpdesk-canned-answers .client=${this.api}></helpdesk-canned-answers>`;
      case 'statistics':
        this.need('staff');
        return html`<helpdesk-statistics .client=${this.api}></helpdesk-statistics>`;
      case 'admin':
        this.need('admin');
        return html`<helpdesk-admin .client=${this.api}></helpdesk-admin>`;
      case 'preferences':
        this.need('preferences');
        return html`<helpdesk-preferences .client=${this.api} @helpdesk-language=${this.onLanguage}></helpdesk-preferences>`;
      default:
        return html`<div class="lists" tabindex="-1" role="region" aria-label=${t.myTickets}>
          <helpdesk-ticket-list .client=${this.api} heading=${t.myTickets} involvement="OWNER" searchable></helpdesk-ticket-list>
          <helpdesk-ticket-list .client=${this.api} heading=${t.invitedTickets} involvement="INVITED"></helpdesk-ticket-list>
          ${
            staff
              ? html`<helpdesk-ticket-list
                  .client=${this.api}
                  heading=${t.managed}
                  .filter=${{ involvement: 'MANAGER', statuses: OPEN }}
                ></helpdesk-ticket-list>`
              : nothing
          }
        </div>`;
    }
  }

  /**
   * Loads an on-demand part; its elements, already in the page, come alive once it is defined. A
   * failed load (network) is said, and the next render tries again.
   */
  private need(part: Part): void {
    loadPart(part).then(
      () => (this.problem = this.problem === this.t.loadFailed ? '' : this.problem),
      () => (this.problem = this.t.loadFailed),
    );
  }

  /** Shows a view; `focus`: the focus goes into it (a tab chosen, Retour), never stays on a button that vanished or on <body>. */
  private go(view: View, focus = false, ticket?: string): void {
    this.problem = '';
    this.view = view;
    if (view !== 'ticket') writeLocation(undefined);
    if (focus) void this.focusView(ticket);
  }

  // The view's heading (the wizard's step, the queue's title), or on the lists the ticket one came back from.
  private async focusView(ticket?: string): Promise<void> {
    await this.updateComplete;
    // The wizard, the queue, the administration and the preferences are parts loaded on demand: their heading once defined and drawn.
    const inner = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(
      'helpdesk-ticket-wizard, helpdesk-queue, helpdesk-canned-answers, helpdesk-statistics, helpdesk-admin, helpdesk-preferences',
    );
    if (inner) await customElements.whenDefined(inner.localName);
    await inner?.updateComplete;
    const lists = [...this.renderRoot.querySelectorAll('helpdesk-ticket-list')];
    if (ticket && lists.length) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // the lists read from the cache
      const link = lists.map((l) => l.shadowRoot?.querySelector<HTMLElement>(`a[href="?ticket=${ticket}"]`)).find(Boolean);
      if (link) {
        link.focus();
        return;
      }
    }
    (inner?.shadowRoot?.querySelector('h2') ?? this.renderRoot.querySelector<HTMLElement>('.lists'))?.focus();
  }

  /** Opens a ticket in the view (from a list, "Accès direct", a link), and remembers it in the page's address. */
  openTicket(number: string, action?: string, push = true): void {
    if (this.view !== 'ticket') this.previous = this.view;
    this.current = number;
    this.currentAction = action;
    this.view = 'ticket';
    if (push) writeLocation(number);
    // The view's part first (on demand): its element is defined, then rendered, then focused.
    void Promise.all([this.updateComplete, loadPart('ticket')]).then(async () => {
      const view = this.renderRoot.querySelector('helpdesk-ticket-view');
      await view?.updateComplete;
      view?.shadowRoot?.querySelector<HTMLElement>('#title')?.focus();
    });
  }

  private direct(e: SubmitEvent): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('number') as HTMLInputElement;
    const number = input.value.trim().replace(/^n°\s*/i, '');
    if (!/^\d{1,9}$/.test(number)) {
      this.problem = this.t.notANumber;
      input.focus();
      return;
    }
    this.problem = '';
    input.value = '';
    this.openTicket(number);
  }

  private onOpen(e: CustomEvent<{ number: number }>): void {
    e.preventDefault();
    this.openTicket(String(e.detail.number));
  }

  private onLanguage(e: CustomEvent<{ language: string }>): void {
    this.lang = e.detail.language;
    this.requestUpdate();
  }

  private onBack(): void {
    this.go(this.previous, true, this.current);
  }

  private readonly onPopState = (): void => {
    const { ticket, action } = readLocation();
    if (ticket) this.openTicket(ticket, action, false);
    else this.view = this.previous === 'ticket' ? 'home' : this.previous;
  };
}

const OPEN: TicketStatus[] = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED'];
