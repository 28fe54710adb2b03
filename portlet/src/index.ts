import { HelpdeskPortlet } from './portlet/portlet.js';
import { HelpdeskEditor } from './shared/helpdesk-editor.js';
import { HelpdeskFiles } from './shared/helpdesk-files.js';
import { HelpdeskMenu } from './shared/helpdesk-menu.js';
import { defineElements, ELEMENT_PARTS, loadPart } from './shared/on-demand.js';
import { HelpdeskTicketList } from './ticket-list/ticket-list.js';
import { HelpdeskTicketView } from './ticket-view/ticket-view.js';

/** Every element of the entry by its tag: the ENT may load the bundle twice, or an older copy first. */
export const ELEMENTS = {
  'helpdesk-portlet': HelpdeskPortlet,
  'helpdesk-ticket-view': HelpdeskTicketView,
  'helpdesk-ticket-list': HelpdeskTicketList,
  'helpdesk-menu': HelpdeskMenu,
  'helpdesk-editor': HelpdeskEditor,
  'helpdesk-files': HelpdeskFiles,
} as const;

defineElements(ELEMENTS);

/**
 * Loads the code of an element defined on demand (`helpdesk-ticket-wizard`), for a page that adds one
 * later; one already in the page when the bundle runs is loaded at once.
 */
export function loadElement(tag: string): Promise<unknown> {
  const part = ELEMENT_PARTS[tag];
  return part ? loadPart(part) : Promise.resolve();
}

for (const tag of Object.keys(ELEMENT_PARTS)) if (document.querySelector(tag)) void loadElement(tag);

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-portlet': HelpdeskPortlet;
    'helpdesk-ticket-view': HelpdeskTicketView;
    'helpdesk-ticket-list': HelpdeskTicketList;
    'helpdesk-menu': HelpdeskMenu;
    'helpdesk-editor': HelpdeskEditor;
    'helpdesk-files': HelpdeskFiles;
  }
}

export { HelpdeskPortlet, HelpdeskTicketView, HelpdeskTicketList };
export type { HelpdeskTicketWizard } from './ticket-wizard/ticket-wizard.js';
export { createHelpdeskClient } from './graphql/client.js';
