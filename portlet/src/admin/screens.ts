import { html, type TemplateResult } from 'lit';
import type { ApolloClient } from '@apollo/client';
import type { AdminMessages } from './fr.js';

/** One screen of the administration: its place in the menu, its title, and the element that is the screen. */
export interface AdminScreen {
  id: string;
  title(w: AdminMessages): string;
  render(client: ApolloClient): TemplateResult;
  /** Shown to admins only (supervisors also open the administration). */
  adminOnly?: boolean;
}

/**
 * The administration's screens, in menu order. Adding one (mailboxes, service accounts…) is: write its
 * element in this folder, define it in admin.ts, and add its line here.
 */
export const SCREENS: AdminScreen[] = [
  {
    id: 'departments',
    title: (w) => w.departments,
    render: (client) => html`<helpdesk-admin-departments .client=${client}></helpdesk-admin-departments>`,
  },
  {
    id: 'service-accounts',
    title: (w) => w.serviceAccounts,
    render: (client) => html`<helpdesk-admin-service-accounts .client=${client}></helpdesk-admin-service-accounts>`,
    adminOnly: true,
  },
];
