import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { expectAccessible, gql, mount, someone, tokenFor } from '../../test/browser.js';
import { desk } from '../../test/desk.js';

const views = async (uid: string) =>
  (await gql<{ savedViews: { name: string; filter: string }[] }>(uid, '{ savedViews { name filter } }')).savedViews;
const link = (number: number) => page.getByRole('link', { name: String(number), exact: true });

describe('saved views of the queue', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('should save the filter and order under a name, refuse the same name again, apply the view, and delete it', async () => {
    const d = await desk();
    const owner = someone('owner');
    const low = await d.file(owner, 'Peu pressé');
    const high = await d.file(owner, 'Très pressé');
    await gql('admin', 'mutation($id: ID!) { updateTicket(ticketId: $id, input: { priority: 5 }) { id } }', { id: String(high) });
    await mount('helpdesk-portlet', { token: await tokenFor(d.manager) });
    await page.getByRole('button', { name: 'Tickets du service' }).click();
    await expect.element(link(low)).toBeVisible();

    // Priorité: Très haute, sorted by age: saved as "Urgent".
    await page.getByLabelText('Priorité').selectOptions('5');
    await page.getByLabelText('Trier par').selectOptions('CREATED:ASC');
    await page.getByRole('button', { name: 'APPLIQUER' }).click();
    await expect.element(link(low)).not.toBeInTheDocument();
    const name = page.getByLabelText('Nom de la vue');
    await name.fill('Urgent');
    await page.getByRole('button', { name: 'Enregistrer la vue' }).click();
    await expect.element(page.getByText('Vue « Urgent » enregistrée.')).toBeVisible();
    const [saved] = await views(d.manager);
    expect(saved.name).toBe('Urgent');
    expect(JSON.parse(saved.filter)).toMatchObject({ priorities: [5], orderBy: { field: 'CREATED', direction: 'ASC' } });

    // The same name again (in other letters' case) is refused, and said.
    await name.fill('urgent');
    await page.getByRole('button', { name: 'Enregistrer la vue' }).click();
    await expect.element(page.getByText('Nom de la vue : une vue porte déjà ce nom.')).toBeVisible();
    await expect.element(name).toHaveAttribute('aria-invalid', 'true');
    expect(await views(d.manager)).toHaveLength(1);
    await expectAccessible();

    // Back to every priority, then the view again: its filter, and its fields shown.
    await page.getByLabelText('Priorité').selectOptions('');
    await page.getByRole('button', { name: 'APPLIQUER' }).click();
    await expect.element(link(low)).toBeVisible();
    await page.getByLabelText('Vues enregistrées').selectOptions('Urgent');
    await page.getByRole('button', { name: 'Afficher la vue' }).click();
    await expect.element(link(low)).not.toBeInTheDocument();
    await expect.element(link(high)).toBeVisible();
    await expect.element(page.getByLabelText('Priorité')).toHaveValue('5');
    await expect.element(page.getByLabelText('Trier par')).toHaveValue('CREATED:ASC');

    await page.getByRole('button', { name: 'Supprimer la vue' }).click();
    await expect.element(page.getByText('Vue « Urgent » supprimée.')).toBeVisible();
    await expect.element(page.getByRole('option', { name: 'Urgent' })).not.toBeInTheDocument();
    expect(await views(d.manager)).toEqual([]);
  });
});
