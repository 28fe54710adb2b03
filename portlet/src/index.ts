import { HelpdeskPortlet } from './portlet/portlet.js';
import { defineElements, ELEMENT_PARTS, loadPart } from './shared/on-demand.js';
import { HelpdeskTicketList } from './ticket-list/ticket-list.js';

/** Every element of the entry by its tag: the ENT may load the bundle twice, or an older copy first. */
export const ELEMENTS = {
  'helpdesk-portlet': HelpdeskPortlet,
  'helpdesk-ticket-list': HelpdeskTicketList,
} as const;

defineElements(ELEMENTS);

/**
 * Loads the code of an element defined on demand (`helpdesk-ticket-view`, `helpdesk-ticket-wizard`,
 * and those they hold), for a page that adds one later; one already in the page when the bundle runs
 * is loaded at once.
 */
export function loadElement(tag: string): Promise<unknown> {
  const part = ELEMENT_PARTS[tag];
  return part ? loadPart(part) : Promise.resolve();
}

for (const tag of Object.keys(ELEMENT_PARTS)) if (document.querySelector(tag)) void loadElement(tag);

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-portlet': HelpdeskPortlet;
    'helpdesk-ticket-list': HelpdeskTicketList;
  }
}

export { HelpdeskPortlet, HelpdeskTicketList };
export type { HelpdeskTicketView } from './ticket-view/ticket-view.js';
export type { HelpdeskTicketWizard } from './ticket-wizard/ticket-wizard.js';
export { createHelpdeskClient } from './graphql/client.js';
