import { html, nothing, type TemplateResult } from 'lit';
import type { TicketAction } from '../graphql/generated/graphql.js';
import type { Messages } from '../shared/fr.js';
import type { ViewedTicket } from './panels.js';

/** Whose turn: the owner (or an invitee) answers a request for information, or the owner judges a closure. */
export type Turn = 'answer' | 'closure' | undefined;

/** Whether the ticket waits for the viewer: a closure to judge, or a question to answer (staff never "answer"). */
export function turnOf(ticket: ViewedTicket, staff: boolean): Turn {
  if (ticket.allowedActions.includes('APPROVE_CLOSURE')) return 'closure';
  return ticket.status === 'INCOMPLETE' && !staff && ticket.allowedActions.includes('ADD_COMMENT') ? 'answer' : undefined;
}

/** What the prompt and the reply box need from the view. */
export interface TurnContext {
  t: Messages;
  label(kind: string, key: string): string;
  busy: boolean;
  /** The reply box's problem ("Ce champ est obligatoire."), empty when none. */
  error: string;
  /** Sends the reply box's text with this action (Approuver, Refuser clôture, or the answer). */
  send(action: TicketAction): void;
  /** Goes to the reply box. */
  reply(): void;
  /** Clears the problem once something is typed. */
  typed(): void;
}

/**
 * "Votre réponse est attendue", at the top of the ticket: why, and the buttons in view — Approuver and
 * Refuser clôture for a closure, Répondre for a question.
 */
export function turnPrompt(c: TurnContext, turn: Turn): TemplateResult | typeof nothing {
  if (!turn) return nothing;
  const { t } = c;
  return html`<section class="turn noprint" aria-labelledby="turn-title">
    <h3 id="turn-title">${t.yourTurn}</h3>
    <p>${turn === 'closure' ? t.turnClosure : t.turnInformation}</p>
    <div class="row">
      ${
        turn === 'closure'
          ? html`<button class="primary" ?disabled=${c.busy} @click=${() => c.send('APPROVE_CLOSURE')}>
                ${c.label('action', 'APPROVE_CLOSURE')}
              </button>
              <button ?disabled=${c.busy} @click=${() => c.send('REFUSE_CLOSURE')}>${c.label('action', 'REFUSE_CLOSURE')}</button>`
          : html`<button class="primary" @click=${() => c.reply()}>${t.answer}</button>`
      }
    </div>
  </section>`;
}

/** The reply box under the history: the answer (with files) sent in one step, or the closure's message with its two buttons. */
export function replyBox(c: TurnContext, turn: Turn): TemplateResult | typeof nothing {
  if (!turn) return nothing;
  const { t } = c;
  const submit = (e: Event) => {
    e.preventDefault();
    c.send(turn === 'closure' ? 'APPROVE_CLOSURE' : 'ADD_COMMENT');
  };
  return html`<form id="reply" class="reply noprint" novalidate @submit=${submit} @input=${() => c.error && c.typed()}>
    <helpdesk-editor
      .words=${t}
      label=${turn === 'closure' ? t.closureMessage : t.yourAnswer}
      ?required=${turn === 'answer'}
      error=${c.error}
    ></helpdesk-editor>
    ${turn === 'answer' ? html`<helpdesk-files .words=${t}></helpdesk-files>` : nothing}
    <div class="row">
      ${
        turn === 'closure'
          ? html`<button type="submit" class="primary" ?disabled=${c.busy}>${c.label('action', 'APPROVE_CLOSURE')}</button>
              <button type="button" ?disabled=${c.busy} @click=${() => c.send('REFUSE_CLOSURE')}>
                ${c.label('action', 'REFUSE_CLOSURE')}
              </button>`
          : html`<button type="submit" class="primary" ?disabled=${c.busy}>${t.sendAnswer}</button>`
      }
    </div>
  </form>`;
}
