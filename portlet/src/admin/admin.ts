import { defineElements } from '../shared/on-demand.js';
import { HelpdeskAdmin } from './admin-shell.js';
import { HelpdeskAdminDepartments } from './departments-screen.js';
import { HelpdeskAdminServiceAccounts } from './service-accounts-screen.js';

// The admin part, loaded on demand when an admin or a supervisor opens "Administration".
defineElements({
  'helpdesk-admin': HelpdeskAdmin,
  'helpdesk-admin-departments': HelpdeskAdminDepartments,
  'helpdesk-admin-service-accounts': HelpdeskAdminServiceAccounts,
});

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-admin': HelpdeskAdmin;
    'helpdesk-admin-departments': HelpdeskAdminDepartments;
    'helpdesk-admin-service-accounts': HelpdeskAdminServiceAccounts;
  }
}
