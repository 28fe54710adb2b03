import { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import { HelpdeskFiles } from '../shared/helpdesk-files.js';
import { HelpdeskMenu } from '../shared/helpdesk-menu.js';
import { defineElements } from '../shared/on-demand.js';
import { HelpdeskTicketView } from './ticket-view.js';

// The ticket view's part, loaded on demand (a ticket opened, or a page holding a <helpdesk-ticket-view>).
defineElements({
  'helpdesk-ticket-view': HelpdeskTicketView,
  'helpdesk-menu': HelpdeskMenu,
  'helpdesk-editor': HelpdeskEditor,
  'helpdesk-files': HelpdeskFiles,
});

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-ticket-view': HelpdeskTicketView;
    'helpdesk-menu': HelpdeskMenu;
    'helpdesk-editor': HelpdeskEditor;
    'helpdesk-files': HelpdeskFiles;
  }
}
