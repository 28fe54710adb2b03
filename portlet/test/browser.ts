import axe from 'axe-core';
import { expect } from 'vitest';
import { loadElement } from '../src/index.js';

/** A dev token for a uid from the real server (the user is created at its first request). */
export async function tokenFor(uid: string): Promise<string> {
  const res = await fetch('/auth/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uid }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** A GraphQL request as `uid`, straight to the server (to set a scene up, or to check what was written). */
export async function gql<T>(uid: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(uid)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** A uid no other test uses: each test builds its own people and tickets. */
export const someone = (prefix: string): string => `${prefix}${Math.random().toString(36).slice(2, 8)}`;

/** The id of a category of the demo catalogue, by its path ("DNUM - ENT"). */
export async function categoryId(path: string): Promise<string> {
  const { categories } = await gql<{ categories: { id: string; path: string }[] }>('alice', '{ categories { id path } }');
  return categories.find((c) => c.path === path)!.id;
}

/** Files a ticket as `uid` through the API; returns its number. */
export async function fileTicket(uid: string, subject: string, path = 'DNUM - ENT'): Promise<number> {
  const data = await gql<{ createTicket: { number: number } }>(
    uid,
    'mutation($input: CreateTicketInput!) { createTicket(input: $input) { number } }',
    { input: { categoryId: await categoryId(path), subject, message: '<p>Bonjour</p>' } },
  );
  return data.createTicket.number;
}

/** Puts an element in the page (removing the previous test's) and waits for its first render. */
export async function mount<T extends HTMLElement>(tag: string, attributes: Record<string, string> = {}): Promise<T> {
  document.body.replaceChildren();
  document.documentElement.lang = 'fr';
  // An element of a part loaded on demand (the wizard) is defined once its part has arrived.
  await loadElement(tag);
  const element = document.createElement(tag) as T;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return element;
}

/** Checks the page against WCAG 2.1 A and AA with axe-core: no serious or critical violation. */
export async function expectAccessible(context: Element = document.body): Promise<void> {
  const results = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The element that has the focus, looking inside shadow roots (document.activeElement stops at the host). */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The smallest valid PNG (1×1): the server judges files by their bytes. */
export const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
