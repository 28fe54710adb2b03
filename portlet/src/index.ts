import { HelpdeskPortlet } from './portlet/portlet.js';
import { HelpdeskEditor } from './shared/helpdesk-editor.js';
import { HelpdeskFiles } from './shared/helpdesk-files.js';
import { HelpdeskMenu } from './shared/helpdesk-menu.js';
import { HelpdeskTicketList } from './ticket-list/ticket-list.js';
import { HelpdeskActionDialog } from './ticket-view/action-dialog.js';
import { HelpdeskTicketView } from './ticket-view/ticket-view.js';
import { HelpdeskTicketWizard } from './ticket-wizard/ticket-wizard.js';

/** Every element of the bundle by its tag: the ENT may load the bundle twice, or an older copy first. */
export const ELEMENTS = {
  'helpdesk-portlet': HelpdeskPortlet,
  'helpdesk-ticket-wizard': HelpdeskTicketWizard,
  'helpdesk-ticket-view': HelpdeskTicketView,
  'helpdesk-ticket-list': HelpdeskTicketList,
  'helpdesk-action-dialog': HelpdeskActionDialog,
  'helpdesk-menu': HelpdeskMenu,
  'helpdesk-editor': HelpdeskEditor,
  'helpdesk-files': HelpdeskFiles,
} as const;

for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-portlet': HelpdeskPortlet;
    'helpdesk-ticket-wizard': HelpdeskTicketWizard;
    'helpdesk-ticket-view': HelpdeskTicketView;
    'helpdesk-ticket-list': HelpdeskTicketList;
    'helpdesk-action-dialog': HelpdeskActionDialog;
    'helpdesk-menu': HelpdeskMenu;
    'helpdesk-editor': HelpdeskEditor;
    'helpdesk-files': HelpdeskFiles;
  }
}

export { HelpdeskPortlet, HelpdeskTicketWizard, HelpdeskTicketView, HelpdeskTicketList };
export { createHelpdeskClient } from './graphql/client.js';
