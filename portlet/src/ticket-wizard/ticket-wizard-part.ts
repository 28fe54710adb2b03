import { defineElements } from '../shared/on-demand.js';
import { HelpdeskTicketWizard } from './ticket-wizard.js';

// The wizard's part, loaded on demand ("Créer un ticket", or a page holding a <helpdesk-ticket-wizard>).
defineElements({ 'helpdesk-ticket-wizard': HelpdeskTicketWizard });

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-ticket-wizard': HelpdeskTicketWizard;
  }
}
