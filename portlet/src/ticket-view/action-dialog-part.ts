import { defineElements } from '../shared/on-demand.js';
import { HelpdeskActionDialog } from './action-dialog.js';

// The action forms' part, loaded on demand the first time an action asks something (a ticket's view
// draws, and its owner answers in the reply box, without it).
defineElements({ 'helpdesk-action-dialog': HelpdeskActionDialog });

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-action-dialog': HelpdeskActionDialog;
  }
}
