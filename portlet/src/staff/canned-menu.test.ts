import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, focused, gql, mount, someone, tokenFor } from '../../test/browser.js';
import { desk } from '../../test/desk.js';
import { fillVariables } from './canned-menu.js';

const act = (uid: string, mutation: string, number: number) =>
  gql(uid, `mutation($id: ID!) { ${mutation} { id } }`, { id: String(number) });
const nameOf = async (uid: string) => (await gql<{ me: { displayName: string } }>(uid, '{ me { displayName } }')).me.displayName;
const canned = (uid: string, title: string, body: string) =>
  gql(uid, 'mutation($i: CannedAnswerInput!) { saveCannedAnswer(input: $i) { id } }', { i: { title, body, scope: 'PERSONAL' } });
const lastEntry = async (uid: string, number: number) =>
  (
    await gql<{ ticket: { history: { type: string; message: string | null }[] } }>(
      uid,
      'query($id: ID!) { ticket(id: $id) { history { type message } } }',
      { id: String(number) },
    )
  ).ticket.history.at(-1);

/** A ticket of a new owner in a department of its own, taken by its manager, who has a canned answer. */
async function scene(body: string) {
  const d = await desk();
  const owner = someone('owner');
  const number = await d.file(owner, 'Imprimante en panne');
  await act(d.manager, 'takeTicket(ticketId: $id)', number);
  const title = someone('Relance ');
  await canned(d.manager, title, body);
  return { ...d, owner, number, title };
}

const view = async (uid: string, number: number) => mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(uid) });
const choose = async (action: string) => {
  await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
  await page.getByRole('menuitem', { name: action }).click();
};
const dialog = () => page.getByRole('dialog');
const menuButton = () => dialog().getByRole('button', { name: 'Réponses types' });

describe('"Réponses types" in the action forms', () => {
  it('should insert a canned answer with the ticket’s values in two clicks, and send it as the comment', async () => {
    const body = '<p>Bonjour {owner}, le ticket n°{number} ({category}) est suivi par {manager}. <b>{signature}</b></p>';
    const s = await scene(body);
    const [owner, manager] = [await nameOf(s.owner), await nameOf(s.manager)];
    await view(s.manager, s.number);
    await choose('Ajouter commentaire');

    await menuButton().click();
    await expect.element(menuButton()).toHaveAttribute('aria-expanded', 'true');
    await expectAccessible();
    await page.getByRole('menuitem', { name: s.title }).click();

    const box = page.getByRole('textbox', { name: 'Message' });
    const filled = `Bonjour ${owner}, le ticket n°${s.number} (${s.path}) est suivi par ${manager}. {signature}`;
    await expect.element(box).toHaveTextContent(filled);
    expect(box.element().querySelector('b')?.textContent).toBe('{signature}');
    await expect.element(menuButton()).toHaveAttribute('aria-expanded', 'false');
    expect(focused()?.getAttribute('role')).toBe('textbox');

    await page.getByLabelText('Visible par').selectOptions('EVERYONE');
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog()).not.toBeInTheDocument();
    const entry = await lastEntry(s.owner, s.number);
    expect(entry?.type).toBe('COMMENTED');
    expect(entry?.message).toContain(filled.replace('{signature}', '<b>{signature}</b>'));
  });

  it('should work by keyboard: the search has the focus, Down goes to the answers, Escape closes and keeps the form open', async () => {
    const s = await scene('<p>Merci de redémarrer.</p>');
    const other = `${s.title} bis`;
    await canned(s.manager, other, '<p>Autre.</p>');
    await view(s.manager, s.number);
    await choose("Demander un complément d'information");

    // The menu comes with the staff part, loaded on demand: wait for it before reaching for its element.
    await expect.element(menuButton()).toBeVisible();
    (menuButton().element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => focused()?.getAttribute('aria-label')).toBe('Rechercher une réponse type');
    await expect.element(page.getByRole('menuitem', { name: other })).toBeVisible();
    await userEvent.keyboard(' bis');
    await expect.element(page.getByRole('menuitem', { name: s.title, exact: true })).not.toBeInTheDocument();
    await expect.element(page.getByRole('menuitem', { name: other })).toBeVisible();
    // The list redraws after each key (Lit renders asynchronously): the focus is polled, not read at once.
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => focused()?.textContent.trim()).toBe(other);
    await userEvent.keyboard('{ArrowUp}');
    await expect.poll(() => focused()?.getAttribute('aria-label')).toBe('Rechercher une réponse type');
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => focused()?.textContent.trim()).toBe(other);
    await userEvent.keyboard('{Escape}');
    await expect.element(menuButton()).toHaveAttribute('aria-expanded', 'false');
    await expect.poll(() => focused()?.textContent.trim()).toBe('Réponses types ▾');
    await expect.element(dialog()).toBeVisible();

    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => focused()?.textContent.trim()).toBe(other);
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toHaveTextContent('Autre.');
  });

  it('should offer no menu to someone who is staff nowhere', async () => {
    const s = await scene('<p>Rien.</p>');
    await view(s.owner, s.number);
    await choose('Ajouter commentaire');
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect.element(menuButton()).not.toBeInTheDocument();
  });
});

describe('fillVariables', () => {
  it('should fill the four variables as text, and leave any other, or one without a value, as typed', () => {
    expect(
      fillVariables('{owner} {number} {manager} {category} {Owner} {autre}', { owner: '<Zoé & co>', number: '12', category: 'A - B' }),
    ).toBe('&lt;Zoé &amp; co&gt; 12 {manager} A - B {Owner} {autre}');
  });
});

describe('"Réponses types" in the wizard', () => {
  it('should offer staff their answers in the description, the category filled in and the rest as typed', async () => {
    const d = await desk();
    const title = someone('Modèle ');
    await canned(d.manager, title, '<p>Demande en {category} pour {owner}.</p>');
    await mount('helpdesk-ticket-wizard', { token: await tokenFor(d.manager), staff: '' });
    await page.getByRole('button', { name: d.path, exact: true }).click();
    await page.getByRole('button', { name: 'Réponses types' }).click();
    await page.getByRole('menuitem', { name: title }).click();
    await expect.element(page.getByRole('textbox', { name: 'Description' })).toHaveTextContent(`Demande en ${d.path} pour {owner}.`);
    await expectAccessible();

    await mount('helpdesk-ticket-wizard', { token: await tokenFor(someone('student')) });
    await page.getByRole('button', { name: d.path, exact: true }).click();
    await expect.element(page.getByRole('textbox', { name: 'Description' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Réponses types' })).not.toBeInTheDocument();
  });
});
