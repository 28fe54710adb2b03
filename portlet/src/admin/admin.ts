import { defineElements } from '../shared/on-demand.js';
import { HelpdeskAdmin } from './admin-shell.js';
import { HelpdeskAdminDepartments } from './departments-screen.js';

// The admin part, loaded on demand when an admin or a supervisor opens "Administration".
defineElements({
  'helpdesk-admin': HelpdeskAdmin,
  'helpdesk-admin-departments': HelpdeskAdminDepartments,
});

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-admin': HelpdeskAdmin;
    'helpdesk-admin-departments': HelpdeskAdminDepartments;
  }
}
