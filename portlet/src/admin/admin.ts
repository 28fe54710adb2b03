import { defineElements } from '../shared/on-demand.js';
import { HelpdeskAdmin } from './admin-shell.js';
import { HelpdeskAdminCategories } from './categories-screen.js';
import { HelpdeskAdminDepartments } from './departments-screen.js';
import { HelpdeskAdminFaqs } from './faqs-screen.js';
import { HelpdeskAdminMembers } from './members-screen.js';
import { HelpdeskAdminServiceAccounts } from './service-accounts-screen.js';

// The admin part, loaded on demand when an admin or a supervisor opens "Administration".
defineElements({
  'helpdesk-admin': HelpdeskAdmin,
  'helpdesk-admin-departments': HelpdeskAdminDepartments,
  'helpdesk-admin-categories': HelpdeskAdminCategories,
  'helpdesk-admin-faqs': HelpdeskAdminFaqs,
  'helpdesk-admin-members': HelpdeskAdminMembers,
  'helpdesk-admin-service-accounts': HelpdeskAdminServiceAccounts,
});

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-admin': HelpdeskAdmin;
    'helpdesk-admin-departments': HelpdeskAdminDepartments;
    'helpdesk-admin-categories': HelpdeskAdminCategories;
    'helpdesk-admin-faqs': HelpdeskAdminFaqs;
    'helpdesk-admin-members': HelpdeskAdminMembers;
    'helpdesk-admin-service-accounts': HelpdeskAdminServiceAccounts;
  }
}
