/**
 * The parts of the portlet loaded on demand with `import()`, each a chunk beside the bundle, fetched
 * relative to it (from the helpdesk's origin inside the ENT) and never by a student's first screen:
 * the ticket view (a ticket opened), the action forms, the ticket wizard ("Créer un ticket"), what only
 * staff use, the administration, the preferences. Loading a part
 * defines its elements; those already in the page come alive then. Each part has its own gzip budget
 * (portlet/bundle-sizes.ts).
 */
const PARTS = {
  ticket: () => import('../ticket-view/ticket-view-part.js'),
  wizard: () => import('../ticket-wizard/ticket-wizard-part.js'),
  staff: () => import('../staff/staff.js'),
  admin: () => import('../admin/admin.js'),
  preferences: () => import('../preferences/preferences.js'),
  actions: () => import('../ticket-view/action-dialog-part.js'),
};

export type Part = keyof typeof PARTS;

/** The part that defines each element loaded on demand, for a page (or a test) that holds one alone. */
export const ELEMENT_PARTS: Partial<Record<string, Part>> = {
  'helpdesk-ticket-view': 'ticket',
  'helpdesk-action-dialog': 'actions',
  'helpdesk-menu': 'ticket',
  'helpdesk-editor': 'ticket',
  'helpdesk-files': 'ticket',
  'helpdesk-ticket-wizard': 'wizard',
  'helpdesk-queue': 'staff',
  'helpdesk-canned-answers': 'staff',
  'helpdesk-statistics': 'staff',
};

/** Loads a part once (a failed load is tried again next time). */
export function loadPart(part: Part): Promise<unknown> {
  return PARTS[part]();
}

/** Defines a part's elements, each once (the ENT may load the bundle twice, or an older copy first). */
export function defineElements(elements: Record<string, CustomElementConstructor>): void {
  for (const [tag, element] of Object.entries(elements)) if (!customElements.get(tag)) customElements.define(tag, element);
}
