import type { ApolloClient } from '@apollo/client';
import { html, type TemplateResult } from 'lit';
import type { AdminDepartment } from './admin-screen.js';
import type { AdminMessages } from './fr.js';

/** What the menu hands each screen: the client, every department, the one chosen, whether the viewer is an admin. */
export interface ScreenContext {
  client: ApolloClient;
  departments: AdminDepartment[];
  department: AdminDepartment | undefined;
  admin: boolean;
}

/** One screen of the administration: its place in the menu, its title, whether it works on one department, and its element. */
export interface AdminScreen {
  id: string;
  title(w: AdminMessages): string;
  /** The menu's department choice applies to it. */
  perDepartment: boolean;
  render(c: ScreenContext): TemplateResult;
  /** Shown to admins only (supervisors also open the administration). */
  adminOnly?: boolean;
}

/**
 * The administration's screens, in menu order. Adding one (mailboxes, service accounts…): write its
 * element in this folder (extending AdminScreenElement), define it in admin.ts, put its title in
 * fr.ts and en.ts, and add its line here.
 */
export const SCREENS: AdminScreen[] = [
  {
    id: 'departments',
    title: (w) => w.departments,
    perDepartment: false,
    render: (c) =>
      html`<helpdesk-admin-departments .client=${c.client} .departments=${c.departments} ?admin=${c.admin}></helpdesk-admin-departments>`,
  },
  {
    id: 'categories',
    title: (w) => w.categories,
    perDepartment: true,
    render: (c) => html`<helpdesk-admin-categories .client=${c.client} .department=${c.department}></helpdesk-admin-categories>`,
  },
  {
    id: 'faqs',
    title: (w) => w.faqs,
    perDepartment: true,
    render: (c) => html`<helpdesk-admin-faqs .client=${c.client} .department=${c.department}></helpdesk-admin-faqs>`,
  },
  {
    id: 'members',
    title: (w) => w.members,
    perDepartment: true,
    render: (c) => html`<helpdesk-admin-members .client=${c.client} .department=${c.department}></helpdesk-admin-members>`,
  },
  {
    id: 'service-accounts',
    title: (w) => w.serviceAccounts,
    perDepartment: false,
    render: (c) => html`<helpdesk-admin-service-accounts .client=${c.client}></helpdesk-admin-service-accounts>`,
    adminOnly: true,
  },
];
