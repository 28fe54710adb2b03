import { html, nothing, type PropertyValues } from 'lit';
import {
  AttachFilesDocument,
  DeleteAttachmentDocument,
  MarkTicketReadDocument,
  MeDocument,
  RemoveInvitationDocument,
  TicketDocument,
  TicketUpdatedDocument,
  type TicketAction,
  type TicketFilter,
} from '../graphql/generated/graphql.js';
import { errorKind, errorText } from '../shared/errors.js';
import type { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import { HelpdeskElement } from '../shared/helpdesk-element.js';
import type { HelpdeskFiles } from '../shared/helpdesk-files.js';
import { isBlank } from '../shared/rich-text.js';
import type { MenuItem } from '../shared/helpdesk-menu.js';
import { LiveController } from '../shared/live.js';
import { loadPart } from '../shared/on-demand.js';
import { QueryController } from '../shared/query.js';
import { base } from '../shared/styles.js';
import type { HelpdeskActionDialog } from './action-dialog.js';
import { DEEP_LINK_ACTIONS, menuAction, runAction, runsAtOnce, type Line } from './actions.js';
import { replyBox, turnOf, turnPrompt, type TurnContext } from './owner-turn.js';
import * as panels from './panels.js';
import { tabs } from './tabs.js';
import { viewStyles } from './ticket-view.styles.js';

const TABS = ['history', 'properties', 'attachments', 'invitees', 'watch', 'ownerTickets'] as const;
type Tab = (typeof TABS)[number];
const STAFF_ACTIONS: TicketAction[] = ['TAKE', 'FREE', 'ASSIGN', 'REQUEST_INFORMATION', 'REQUEST_CLOSURE', 'POSTPONE', 'REFUSE', 'MOVE'];

/**
 * `<helpdesk-ticket-view ticket="53350">`: "TICKET n°53350", its subject, Statut, Catégorie,
 * Propriétaire, Gestionnaire with their ACTIONS menus built only from `allowedActions`, and the tabs
 * Historique, Propriétés, Fichiers attachés, Invités, Surveillance du ticket, Derniers tickets du
 * propriétaire. `action="approve|refuse|answer"` (a mail's link) opens that form at once — "answer" the
 * owner's reply box when a question waits for them. Opening it marks it read (`markTicketRead`); staff
 * also get the bookmark and "next unread" of `queue` (the staff part's `helpdesk-ticket-tools`).
 */
export class HelpdeskTicketView extends HelpdeskElement {
  static override styles = [base, viewStyles];

  static override properties = {
    ticket: {},
    action: {},
    staff: { type: Boolean },
    queue: { attribute: false },
    tab: { state: true },
    announcement: { state: true },
    notice: { state: true },
    busy: { state: true },
    replyError: { state: true },
  };

  /** The ticket's number. */
  ticket = '';
  /** A mail link's action: approve, refuse or answer. */
  declare action: string | undefined;
  /** Whether the viewer works in a department (the portlet knows); else guessed from the allowed actions. */
  staff = false;
  /** The queue the person came from (the portlet's filter): "next unread" takes the next ticket there. */
  queue: TicketFilter = { involvement: 'DEPARTMENT' };
  private tab: Tab = 'history';
  private announcement = '';
  private notice = '';
  private busy = false;
  private replyError = '';
  private lastStatus: string | undefined;
  private pendingAction: string | undefined;
  // The last entry the viewer was said to have seen: each new one shown is marked read too.
  private readUpTo = '';

  private readonly query = new QueryController(this, TicketDocument, () =>
    this.ticket ? { client: this.api, variables: { id: this.ticket } } : null,
  );
  private readonly me = new QueryController(this, MeDocument, () => ({ client: this.api, variables: {} }));
  // Status and history follow every change the viewer may see; the live region announces a new status.
  protected readonly live = new LiveController(this, TicketUpdatedDocument, () =>
    this.query.data?.ticket ? { client: this.api, variables: { ticketId: this.ticket } } : null,
  );

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ticket')) {
      this.lastStatus = undefined;
      this.notice = '';
      this.announcement = '';
      this.replyError = '';
      this.tab = 'history';
    }
    if (changed.has('action') || changed.has('ticket')) this.pendingAction = this.action;
    const status = this.query.data?.ticket?.status;
    if (status && this.lastStatus && status !== this.lastStatus) this.announcement = this.t.statusNow(this.statusWord(status));
    if (status) this.lastStatus = status;
  }

  override updated(): void {
    const ticket = this.query.data?.ticket;
    if (!ticket) return;
    this.markRead(ticket);
    const link = this.pendingAction;
    if (!link) return;
    this.pendingAction = undefined;
    // A mail's "Répondre" is the owner's answer to a question: the reply box, not a comment.
    if (link === 'answer' && turnOf(ticket, this.isStaff(ticket)) === 'answer') return void this.toReply();
    const action = DEEP_LINK_ACTIONS[link];
    if (action && ticket.allowedActions.includes(action)) this.act(action);
    else this.notice = this.t.actionGone;
  }

  /** Tells the server the viewer saw the ticket as shown (the lists drop its "non lu"); a refusal changes nothing on screen. */
  private markRead(ticket: panels.ViewedTicket): void {
    const upTo = `${ticket.id}:${ticket.history.at(-1)?.id ?? ''}`;
    if (upTo === this.readUpTo) return;
    this.readUpTo = upTo;
    this.api.mutate({ mutation: MarkTicketReadDocument, variables: { ticketId: ticket.id } }).catch(() => undefined);
  }

  /** Whether the viewer works on the ticket: the portlet says so, or what the ticket shows them does. */
  private isStaff(ticket: panels.ViewedTicket): boolean {
    return this.staff || ticket.ownerRecentTickets.length > 0 || ticket.allowedActions.some((a) => STAFF_ACTIONS.includes(a));
  }

  private get dialog(): HelpdeskActionDialog {
    return this.renderRoot.querySelector('helpdesk-action-dialog')!;
  }

  override render() {
    const { t } = this;
    const ticket = this.query.data?.ticket;
    // One header for the loading and the loaded ticket: the heading that has the focus stays the same element.
    const failure = this.query.error;
    const retry = failure && errorKind(failure) === 'network';
    return html`<article aria-labelledby="title">
      <header class="head">
        <h2 id="title" tabindex="-1">${t.ticketTitle(Number(this.ticket))}</h2>
        ${ticket && this.isStaff(ticket) ? this.tools(ticket) : nothing}
        ${
          ticket
            ? html`<helpdesk-menu
                class="noprint"
                text=${t.actions}
                .items=${this.items(ticket.allowedActions)}
                @helpdesk-menu-select=${this.onSelect}
              ></helpdesk-menu>`
            : nothing
        }
        <button class="noprint" @click=${() => this.emit('helpdesk-back', {})}>${t.back}</button>
      </header>
      ${
        ticket
          ? this.body(ticket)
          : failure
            ? html`<p role="alert" class="error">
                ${errorText(t, failure)} ${retry ? html`<button @click=${() => this.query.refetch()}>${t.retry}</button>` : nothing}
              </p>`
            : html`<p role="status">${t.loading}</p>`
      }
    </article>`;
  }

  /** Staff's bookmark and "next unread", from the staff part (loaded here when a page holds the view alone). */
  private tools(ticket: panels.ViewedTicket) {
    loadPart('staff').catch(() => undefined);
    return html`<helpdesk-ticket-tools
      class="noprint"
      .client=${this.api}
      .ticketId=${ticket.id}
      .number=${ticket.number}
      .bookmarked=${ticket.bookmarked}
      .queue=${this.queue}
    ></helpdesk-ticket-tools>`;
  }

  private body(ticket: panels.ViewedTicket) {
    const { t } = this;
    const staff = this.isStaff(ticket);
    const shown = TABS.filter((tab) => tab !== 'ownerTickets' || staff);
    // Staff read "Incomplet" from their side: the owner's words say "en attente de votre réponse".
    const label = (k: string, v: string | number | null | undefined) => this.label(k, v, staff);
    const turn = turnOf(ticket, staff);
    const turnContext: TurnContext = {
      t,
      label,
      busy: this.busy,
      error: this.replyError,
      send: (action) => void this.sendReply(action),
      reply: () => void this.toReply(),
      typed: () => (this.replyError = ''),
    };
    const context: panels.PanelContext = {
      t,
      lang: this.language,
      label,
      act: (a) => this.act(a),
      openTicket: (number) => this.emit('helpdesk-open-ticket', { number }),
      busy: this.busy,
      me: this.me.data?.me.id,
      staff,
      deleteFile: (attachmentId) =>
        void this.run(() => this.api.mutate({ mutation: DeleteAttachmentDocument, variables: { attachmentId } })),
      attach: (files, element) =>
        void this.run(async () => {
          const onUploadProgress = (sent: number, total: number) => (element.progress = sent / total);
          try {
            await this.api.mutate({
              mutation: AttachFilesDocument,
              variables: { ticketId: ticket.id, files },
              context: { onUploadProgress },
            });
            // The new files are listed in the tab's panel: the focus goes there, not to <body>.
            this.renderRoot.querySelector<HTMLElement>('#panel-attachments')?.focus();
          } finally {
            element.progress = undefined;
          }
        }),
    };
    return html`<p class="subject" part="subject">${ticket.subject}</p>
      <dl class="lines">
        ${this.line(t.status, label('status', ticket.status), 'status', ticket.allowedActions)}
        ${this.line(t.category, ticket.category?.path ?? '', 'category', ticket.allowedActions)}
        ${this.line(t.owner, ticket.owner?.displayName ?? '', 'owner', ticket.allowedActions)}
        ${this.line(t.manager, ticket.manager?.displayName ?? t.none, 'manager', ticket.allowedActions)}
      </dl>
      <div role="status" class="sr" aria-live="polite">${this.announcement}</div>
      ${this.notice ? html`<p role="alert" class="notice">${this.notice}</p>` : nothing} ${turnPrompt(turnContext, turn)}
      ${tabs(
        t.ticketTitle(ticket.number),
        shown,
        this.tab,
        (tab) => t[tab],
        (tab) => (this.tab = tab),
        (tab) =>
          tab === 'history'
            ? html`${panels.historyPanel(context, ticket)}${replyBox(turnContext, turn)}`
            : this.panel(tab, context, ticket),
      )}
      <helpdesk-action-dialog
        .client=${this.api}
        .ticket=${ticket}
        ?staff=${staff}
        @helpdesk-action-done=${this.onDone}
        @helpdesk-stale=${() => this.query.refetch()}
      ></helpdesk-action-dialog>`;
  }

  private panel(tab: Tab, c: panels.PanelContext, ticket: panels.ViewedTicket) {
    switch (tab) {
      case 'properties':
        return panels.propertiesPanel(c, ticket);
      case 'attachments':
        return panels.filesPanel(c, ticket);
      case 'invitees':
        return panels.inviteesPanel(c, ticket, (userId) => void this.removeInvitation(userId));
      case 'watch':
        return panels.watchPanel(c, ticket);
      case 'ownerTickets':
        return panels.ownerTicketsPanel(c, ticket);
    }
  }

  private line(name: string, value: string, line: Line, allowed: TicketAction[]) {
    const items = this.items(allowed, line);
    return html`<div class="line">
      <dt>${name} :</dt>
      <dd>
        <span>${value}</span>
        ${items.length ? html`<helpdesk-menu class="noprint" text=${this.t.actions} name="${this.t.actions} ${name}" .items=${items} @helpdesk-menu-select=${this.onSelect}></helpdesk-menu>` : nothing}
      </dd>
    </div>`;
  }

  /** The menu entries: the allowed actions the portlet knows (all of them, or one line's), and Imprimer in the main menu. */
  private items(allowed: TicketAction[], line?: Line): MenuItem[] {
    const known = allowed.filter((a) => {
      const offered = menuAction(a);
      return offered && (!line || offered.line === line);
    });
    const items = known.map((a) => ({ value: a, text: this.label('action', a) }));
    return line ? items : [...items, { value: 'PRINT', text: this.t.print }];
  }

  private onSelect(e: CustomEvent<{ value: string }>): void {
    e.stopPropagation();
    this.act(e.detail.value);
  }

  /** Runs an action: at once when it asks nothing, else through its form. */
  private act(action: string): void {
    this.notice = '';
    if (action === 'PRINT') {
      window.print();
      return;
    }
    const form = menuAction(action as TicketAction);
    if (!form) return;
    if (!runsAtOnce(form)) return void this.openForm(action as TicketAction);
    void this.run(() => runAction(this.api, form, this.query.data!.ticket!.id, {}));
  }

  /** An action's form: its part is loaded the first time, then the dialog opens. */
  private async openForm(action: TicketAction): Promise<void> {
    try {
      await loadPart('actions');
      await customElements.whenDefined('helpdesk-action-dialog');
      await this.dialog.updateComplete;
      await this.dialog.open(action);
    } catch {
      this.notice = this.t.loadFailed;
    }
  }

  private async removeInvitation(userId: string): Promise<void> {
    await this.run(() =>
      this.api.mutate({ mutation: RemoveInvitationDocument, variables: { ticketId: this.query.data!.ticket!.id, userId } }),
    );
  }

  private async run(send: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    try {
      await send();
      this.announce();
    } catch (error) {
      this.notice = errorText(this.t, error);
      if (errorKind(error) === 'invalidTransition') this.query.refetch();
    } finally {
      this.busy = false;
    }
  }

  private onDone(): void {
    this.announce();
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }

  private announce(): void {
    const status = this.query.data?.ticket?.status;
    this.announcement = `${this.t.done} ${status ? this.t.statusNow(this.statusWord(status)) : ''}`;
  }

  private statusWord(status: string): string {
    return this.label('status', status, this.staff);
  }

  private get replyEditor(): HelpdeskEditor | null {
    return this.renderRoot.querySelector('#reply helpdesk-editor');
  }

  /** "Répondre": the reply box under the history, its tab opened. */
  private async toReply(): Promise<void> {
    this.tab = 'history';
    await this.updateComplete;
    this.replyEditor?.focus();
  }

  /** The reply box's text sent in one step: the answer (with its files), the approval, or the refusal (which needs a message). */
  private async sendReply(action: TicketAction): Promise<void> {
    const editor = this.replyEditor;
    const message = editor && !isBlank(editor.value) ? editor.value : undefined;
    if (!message && action !== 'APPROVE_CLOSURE') {
      this.replyError = this.t.required;
      return this.toReply();
    }
    this.replyError = '';
    this.notice = '';
    const files = this.renderRoot.querySelector<HelpdeskFiles>('#reply helpdesk-files');
    await this.run(() =>
      runAction(this.api, menuAction(action)!, this.query.data!.ticket!.id, {
        message,
        attachments: files?.files.length ? files.files : undefined,
      }),
    );
    if (this.notice) return;
    if (editor) editor.value = '';
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }
}
