import { HelpdeskEditor } from '../shared/helpdesk-editor.js';
import { defineElements } from '../shared/on-demand.js';
import { HelpdeskCannedAnswers } from './canned-answers.js';
import { HelpdeskCannedMenu } from './canned-menu.js';
import { HelpdeskSavedViews } from './saved-views.js';
import { HelpdeskTicketTools } from './ticket-tools.js';

// Manager tools, in the staff part: the canned answers (their screen, and their menu in the message
// editors of the wizard and the action forms, which load this part for staff), the ticket view's
// bookmark and "next unread", the queue's saved views. The screen's editor may come before the ticket view's part.
defineElements({
  'helpdesk-canned-answers': HelpdeskCannedAnswers,
  'helpdesk-canned-menu': HelpdeskCannedMenu,
  'helpdesk-ticket-tools': HelpdeskTicketTools,
  'helpdesk-saved-views': HelpdeskSavedViews,
  'helpdesk-editor': HelpdeskEditor,
});

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-canned-answers': HelpdeskCannedAnswers;
    'helpdesk-canned-menu': HelpdeskCannedMenu;
    'helpdesk-ticket-tools': HelpdeskTicketTools;
    'helpdesk-saved-views': HelpdeskSavedViews;
  }
}
