import type { TicketAction, TicketFilter } from '../graphql/generated/graphql.js';

/** The events the elements send, by name, with what each carries: the page (or the portlet) listens to these. */
export interface HelpdeskEvents {
  /** Open a ticket ("Voir le ticket", a list's number, an owner's other ticket). */
  'helpdesk-open-ticket': { number: number };
  /** "Retour" from the ticket view. */
  'helpdesk-back': Record<string, never>;
  /** A ticket was filed ("Créer le ticket"). */
  'helpdesk-ticket-created': { number: number };
  /** An action went through; the ticket in the cache is already its new state. */
  'helpdesk-action-done': { action: TicketAction };
  /** The server refused an action because the ticket changed meanwhile: time to read it again. */
  'helpdesk-stale': { action: TicketAction };
  /** An item of an ACTIONS menu was chosen. */
  'helpdesk-menu-select': { value: string };
  /** Files to upload at once ("Transférer" in "Fichiers attachés"). */
  'helpdesk-transfer': { files: File[] };
  /** The person saved another language in "Préférences": the portlet speaks it from now on. */
  'helpdesk-language': { language: string };
  /** Images pasted into the editor, to join the form's files. */
  'helpdesk-files': { files: File[] };
  /** A canned answer chosen ("Réponses types"), its variables filled: the enclosing editor inserts it. */
  'helpdesk-insert': { html: string };
  /** A saved view chosen in the queue: its filter and order replace the current ones. */
  'helpdesk-view': { filter: TicketFilter };
}

/** A typed helpdesk event that crosses shadow roots (cancelable: a listener may take over its default). */
export function helpdeskEvent<K extends keyof HelpdeskEvents>(name: K, detail: HelpdeskEvents[K]): CustomEvent<HelpdeskEvents[K]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true });
}
