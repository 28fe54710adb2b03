import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, fileTicket, focused, gql, mount, PNG, someone, tokenFor } from '../../test/browser.js';

interface Seen {
  status: string;
  history: { type: string; message: string | null; visibility: string }[];
  attachments: { filename: string }[];
}
const read = async (uid: string, number: number): Promise<Seen> =>
  (
    await gql<{ ticket: Seen }>(
      uid,
      'query($id: ID!) { ticket(id: $id) { status history { type message visibility } attachments { filename } } }',
      { id: String(number) },
    )
  ).ticket;
const act = (uid: string, mutation: string, number: number, variables: Record<string, unknown> = {}) =>
  gql(uid, `mutation($id: ID!${Object.keys(variables).length ? ', $until: DateTime!' : ''}) { ${mutation} { id } }`, {
    id: String(number),
    ...variables,
  });

async function taken(): Promise<{ owner: string; number: number }> {
  const owner = someone('owner');
  const number = await fileTicket(owner, 'Connexion impossible');
  await act('gestionnaire', 'takeTicket(ticketId: $id)', number);
  return { owner, number };
}
const view = async (uid: string, number: number) => mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(uid) });
const choose = async (action: string) => {
  await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
  await page.getByRole('menuitem', { name: action }).click();
};
const dialog = () => page.getByRole('dialog');
/** How many times a text shows in the open ticket (the dialog's alert, the fields' own messages). */
const times = (text: RegExp) =>
  page
    .getByText(text)
    .elements()
    .filter((e) => e.textContent.trim() !== '').length;

describe('the action forms say which field is wrong and why', () => {
  it('should name the field once when it is empty, clear it once corrected, and say why the server refused a user', async () => {
    const { owner, number } = await taken();
    await view(owner, number);
    await page.getByRole('tab', { name: 'Invités' }).click();
    await page.getByRole('button', { name: 'Inviter un utilisateur' }).click();
    await dialog().getByRole('button', { name: 'Valider' }).click();
    const user = page.getByLabelText('Utilisateur', { exact: true });
    await expect.element(dialog().getByText('Utilisateur : ce champ est obligatoire.')).toBeVisible();
    expect(times(/ce champ est obligatoire/i)).toBe(1);
    await expect.element(user).toHaveAttribute('aria-invalid', 'true');
    await user.fill('x');
    await expect.element(user).toHaveAttribute('aria-invalid', 'false');
    await expect.element(dialog().getByText('Utilisateur : ce champ est obligatoire.')).not.toBeInTheDocument();

    await user.fill('personne-de-connu');
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog().getByText('Utilisateur : aucun utilisateur n’a cet identifiant.')).toBeVisible();
    await expect.element(user).toHaveAttribute('aria-invalid', 'true');
    expect(focused()?.id).toBe('user');
    await user.fill(owner);
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog().getByText('Utilisateur : vous ne pouvez pas vous inviter vous-même.')).toBeVisible();
    await expectAccessible();
  });

  it('should say a required message is missing once, and that a recall date must be in the future', async () => {
    const { number } = await taken();
    await view('gestionnaire', number);
    await choose("Demander un complément d'information");
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toHaveAttribute('aria-invalid', 'true');
    expect(times(/ce champ est obligatoire/i)).toBe(1);
    await page.getByRole('textbox', { name: 'Message' }).click();
    await userEvent.keyboard('Quel navigateur ?');
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toHaveAttribute('aria-invalid', 'false');
    expect(times(/ce champ est obligatoire/i)).toBe(0);
    await dialog().getByRole('button', { name: 'Fermer' }).click();

    await choose('Reporter');
    await page.getByLabelText('Reporter jusqu’au').fill('2020-01-15T09:30');
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog().getByText('Reporter jusqu’au : la date doit être dans le futur.')).toBeVisible();
    await expect.element(page.getByLabelText('Reporter jusqu’au')).toHaveAttribute('aria-invalid', 'true');
    expect((await read('gestionnaire', number)).status).toBe('IN_PROGRESS');
  });
});

describe('comments', () => {
  it('should make staff choose who reads their comment (no default), and show an internal note as one, hidden from the owner', async () => {
    const { owner, number } = await taken();
    await view('gestionnaire', number);
    await choose('Ajouter commentaire');
    const readers = page.getByLabelText('Visible par');
    await expect.element(readers).toHaveValue('');
    await page.getByRole('textbox', { name: 'Message' }).click();
    await userEvent.keyboard('Compte verrouillé par le script de nuit.');
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog().getByText('Visible par : ce champ est obligatoire.')).toBeVisible();
    expect((await read(owner, number)).history.at(-1)?.type).toBe('TAKEN');
    await readers.selectOptions('STAFF');
    await expect.element(dialog().getByText('Seul le service lira cette note interne.')).toBeVisible();
    await expect.element(dialog().getByText('Visible par : ce champ est obligatoire.')).not.toBeInTheDocument();
    expect(dialog().element().classList.contains('internal')).toBe(true);
    await expectAccessible();
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog()).not.toBeInTheDocument();
    const note = page.getByRole('listitem').filter({ hasText: 'Compte verrouillé par le script de nuit.' });
    await expect.element(note).toBeVisible();
    expect(note.element().classList.contains('internal')).toBe(true);
    await expect.element(note.getByText('Visible par : Note interne (service)')).toBeVisible();
    expect(getComputedStyle(note.element()).borderStyle).toBe('dashed');
    await expectAccessible();
    expect((await read('gestionnaire', number)).history.at(-1)?.visibility).toBe('STAFF');
    expect((await read(owner, number)).history.map((e) => e.message ?? '').join()).not.toContain('script de nuit');
  });

  it('should carry files from the comment form', async () => {
    const { owner, number } = await taken();
    await view(owner, number);
    await choose('Ajouter commentaire');
    await expect.element(page.getByLabelText('Visible par')).not.toBeInTheDocument();
    await page.getByRole('textbox', { name: 'Message' }).click();
    await userEvent.keyboard('Voici le journal.');
    const pick = document
      .querySelector('helpdesk-ticket-view')!
      .shadowRoot!.querySelector('helpdesk-action-dialog')!
      .shadowRoot!.querySelector('helpdesk-files')!
      .shadowRoot!.querySelector('#pick')!;
    await userEvent.upload(page.elementLocator(pick), [
      new File(['ligne 1'], 'journal.txt', { type: 'text/plain' }),
      new File([PNG], 'capture.png', { type: 'image/png' }),
    ]);
    await dialog().getByRole('button', { name: 'Transférer' }).click();
    await expect.element(dialog().getByRole('listitem').filter({ hasText: 'journal.txt' })).toBeVisible();
    await dialog().getByRole('button', { name: 'Valider' }).click();
    await expect.element(dialog()).not.toBeInTheDocument();
    await page.getByRole('tab', { name: 'Fichiers attachés' }).click();
    await expect.element(page.getByRole('link', { name: 'journal.txt' })).toBeVisible();
    const seen = await read(owner, number);
    expect(seen.history.at(-1)?.type).toBe('COMMENTED');
    expect(seen.history.at(-1)?.message).toContain('Voici le journal.');
    expect(seen.attachments.map((a) => a.filename).sort()).toEqual(['capture.png', 'journal.txt']);
  });
});
