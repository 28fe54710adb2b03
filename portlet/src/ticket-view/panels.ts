import { html, nothing, type TemplateResult } from 'lit';
import type { TicketQuery } from '../graphql/generated/graphql.js';
import type { HelpdeskFiles } from '../shared/helpdesk-files.js';
import type { Messages } from '../shared/fr.js';
import { formatDate, type Lang } from '../shared/i18n.js';

/** A ticket as the view reads it. */
export type ViewedTicket = NonNullable<TicketQuery['ticket']>;

/** What the panels need from the view: its words, the server's labels, and what buttons do. */
export interface PanelContext {
  t: Messages;
  lang: Lang;
  label(kind: string, key: string | number | null | undefined): string;
  act(action: string): void;
  openTicket(number: number): void;
  busy: boolean;
  /** The viewer's user id: one may delete the files one sent. */
  me: string | undefined;
  staff: boolean;
  deleteFile(id: string): void;
  attach(files: File[], element: HelpdeskFiles): void;
}

/** "Historique": every entry the viewer may see, oldest first; only the server-sanitised message is HTML. */
export function historyPanel(c: PanelContext, ticket: ViewedTicket): TemplateResult {
  if (!ticket.history.length) return html`<p>${c.t.noHistory}</p>`;
  return html`<ol class="history">
    ${ticket.history.map(
      (e) =>
        html`<li class=${e.visibility === 'STAFF' ? 'internal' : ''}>
          <p>
            <strong>${c.label('eventType', e.type)}</strong>
            <span class="muted"
              >—
              ${formatDate(c.lang, e.at)}${e.actor ? html` — ${e.actor.displayName}` : nothing}${
                // Written through another service: on someone's behalf, or by the service itself (named once).
                e.via && e.via !== e.actor?.displayName ? ` (${c.t.via} ${e.via})` : nothing
              }</span
            >
          </p>
          ${
            e.statusBefore && e.statusBefore !== e.statusAfter
              ? html`<p class="muted">${c.t.status} : ${c.label('status', e.statusBefore)} → ${c.label('status', e.statusAfter)}</p>`
              : nothing
          }
          ${e.changes.map((ch) => html`<p class="muted">${changeLine(c, ch)}</p>`)}
          ${e.visibility !== 'EVERYONE' && e.visibility !== 'PARTICIPANTS' ? html`<p class="muted">${c.t.entryVisibility} : ${c.label('visibility', e.visibility)}</p>` : nothing}
          ${e.message ? html`<div class="message" .innerHTML=${e.message}></div>` : nothing}
        </li>`,
    )}
  </ol>`;
}

type Change = ViewedTicket['history'][number]['changes'][number];

/** One property an entry changed, as a sentence where "aucun →" would read oddly ("Bob Durand invité", "Fichier ajouté : journal.txt"). */
function changeLine(c: PanelContext, { property, before, after, beforeDate, afterDate }: Change): string {
  const { t } = c;
  if (property === 'invitee' && (!before || !after)) return before ? t.uninvited(before) : t.invited(after ?? '');
  if (property === 'file' && (!before || !after)) return before ? `${t.fileRemoved} : ${before}` : `${t.fileAdded} : ${after}`;
  // Dates in the browser's zone like every other date (the server's words are Paris time).
  const from = beforeDate ? formatDate(c.lang, beforeDate) : before;
  const to = afterDate ? formatDate(c.lang, afterDate) : after;
  return `${c.label('property', property)} : ${from ?? t.none} → ${to ?? t.none}`;
}

/** "Propriétés": the ticket's properties as a definition list. */
export function propertiesPanel(c: PanelContext, ticket: ViewedTicket): TemplateResult {
  const { t } = c;
  const rows: [string, unknown][] = [
    [t.priority, c.label('priority', ticket.priority)],
    [t.visibility, c.label('visibility', ticket.visibility)],
    // The origin is for the department's staff (the API gives others null): no empty line.
    ...(ticket.origin ? [[t.origin, c.label('origin', ticket.origin)] as [string, unknown]] : []),
    [t.department, ticket.department?.label],
    [t.creator, ticket.creator?.displayName],
    [t.createdAt, formatDate(c.lang, ticket.createdAt)],
    [t.updatedAt, formatDate(c.lang, ticket.updatedAt)],
    [t.lastActivity, formatDate(c.lang, ticket.lastActivityAt)],
  ];
  return html`<dl class="props">
    ${rows.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

/** "Fichiers attachés": the files the viewer may see (signed links), and "Transférer" to add some. */
export function filesPanel(c: PanelContext, ticket: ViewedTicket): TemplateResult {
  return html`${
    ticket.attachments.length
      ? html`<ul>
          ${ticket.attachments.map(
            (a) =>
              html`<li>
                <a href=${a.url} target="_blank" rel="noopener">${a.filename}</a>
                <span class="muted"
                  >(${c.t.size(Math.ceil(a.size / 1024))}, ${formatDate(c.lang, a.uploadedAt)}, ${a.uploadedBy.displayName})</span
                >
                ${
                  c.staff || a.uploadedBy.id === c.me
                    ? html`<button class="link noprint" ?disabled=${c.busy} @click=${() => c.deleteFile(a.id)}>${c.t.remove}</button>`
                    : nothing
                }
              </li>`,
          )}
        </ul>`
      : html`<p>${c.t.noAttachments}</p>`
  }
  ${
    ticket.allowedActions.includes('ATTACH_FILES')
      ? html`<helpdesk-files
          class="noprint"
          immediate
          .words=${c.t}
          @helpdesk-transfer=${(e: CustomEvent<{ files: File[] }>) => c.attach(e.detail.files, e.target as HelpdeskFiles)}
        ></helpdesk-files>`
      : nothing
  }`;
}

/** "Invités": who is invited, with "Retirer l'invitation" where allowed; the invite form follows it. */
export function inviteesPanel(c: PanelContext, ticket: ViewedTicket, remove: (userId: string) => void): TemplateResult {
  const removable = ticket.allowedActions.includes('REMOVE_INVITATION');
  return html`${
    ticket.invitees.length
      ? html`<ul>
          ${ticket.invitees.map(
            (u) =>
              html`<li>
                ${u.displayName} <span class="muted">(${u.uid})</span>
                ${
                  removable
                    ? html`<button class="link noprint" ?disabled=${c.busy} @click=${() => remove(u.id)}>
                        ${c.label('action', 'REMOVE_INVITATION')}
                      </button>`
                    : nothing
                }
              </li>`,
          )}
        </ul>`
      : html`<p>${c.t.noInvitees}</p>`
  }
  ${ticket.allowedActions.includes('INVITE') ? html`<button class="noprint" @click=${() => c.act('INVITE')}>${c.t.invite}</button>` : nothing}`;
}

/** "Surveillance du ticket": whether the viewer watches it, and the button to change that. */
export function watchPanel(c: PanelContext, ticket: ViewedTicket): TemplateResult {
  const next = ticket.watching ? 'UNWATCH' : 'WATCH';
  return html`<p>${ticket.watching ? c.t.watching : c.t.notWatching}</p>
    ${ticket.watchers.length ? html`<p>${c.t.watchers} ${ticket.watchers.map((u) => u.displayName).join(', ')}</p>` : nothing}
    ${
      ticket.allowedActions.includes(next)
        ? html`<button class="noprint" ?disabled=${c.busy} @click=${() => c.act(next)}>${c.label('action', next)}</button>`
        : nothing
    }`;
}

/** "Derniers tickets du propriétaire" (staff): links to the owner's other tickets. */
export function ownerTicketsPanel(c: PanelContext, ticket: ViewedTicket): TemplateResult {
  const others = ticket.ownerRecentTickets.filter((o) => o.id !== ticket.id);
  if (!others.length) return html`<p>${c.t.noOwnerTickets}</p>`;
  return html`<ul>
    ${others.map(
      (o) =>
        html`<li>
          <a
            href="?ticket=${o.number}"
            @click=${(e: Event) => {
              e.preventDefault();
              c.openTicket(o.number);
            }}
            >n°${o.number}</a
          >
          — ${o.subject} <span class="muted">(${c.label('status', o.status)}, ${formatDate(c.lang, o.createdAt)})</span>
        </li>`,
    )}
  </ul>`;
}
