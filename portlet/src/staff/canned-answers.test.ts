import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, focused, gql, mount, someone, tokenFor } from '../../test/browser.js';
import { desk } from '../../test/desk.js';

interface Stored {
  id: string;
  title: string;
  body: string;
  scope: string;
}
const stored = async (uid: string, search: string) =>
  (await gql<{ cannedAnswers: Stored[] }>(uid, 'query($s: String) { cannedAnswers(search: $s) { id title body scope } }', { s: search }))
    .cannedAnswers;
const screen = async (uid: string) => mount('helpdesk-canned-answers', { token: await tokenFor(uid) });
const scopes = () =>
  page
    .getByLabelText('Portée')
    .getByRole('option')
    .elements()
    .map((o) => o.textContent.trim());
const body = () => page.getByRole('textbox', { name: 'Texte' });

describe('<helpdesk-canned-answers>', () => {
  it('should create, change and delete a personal answer, saying what is missing', async () => {
    const d = await desk();
    const title = someone('Mot de passe ');
    await screen(d.manager);
    await expect.element(page.getByRole('heading', { name: 'Nouvelle réponse type' })).toBeVisible();
    expect(scopes()).toEqual(['Personnelle', 'Service']);
    await expectAccessible();

    await page.getByRole('button', { name: 'Créer' }).click();
    await expect.element(page.getByText('Titre : ce champ est obligatoire.')).toBeVisible();
    await expect.element(page.getByLabelText('Titre')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabelText('Titre').fill(title);
    await page.getByRole('button', { name: 'Créer' }).click();
    await expect.element(body()).toHaveAttribute('aria-invalid', 'true');
    await body().click();
    await userEvent.keyboard('Bonjour {{owner}, réinitialisez votre mot de passe.'); // {{ types a {
    await page.getByRole('button', { name: 'Créer' }).click();
    await expect.element(page.getByText('Enregistré.')).toBeVisible();
    await expect.element(page.getByRole('listitem').filter({ hasText: title })).toBeVisible();
    const [created] = await stored(d.manager, title);
    expect(created).toMatchObject({ title, scope: 'PERSONAL' });
    expect(created.body).toContain('Bonjour {owner}, réinitialisez');

    await page.getByRole('button', { name: `Modifier ${title}` }).click();
    await expect.element(page.getByRole('heading', { name: `Modifier « ${title} »` })).toBeVisible();
    await expect.element(body()).toHaveTextContent('Bonjour {owner}');
    await page.getByLabelText('Titre').fill(`${title} (v2)`);
    await page.getByLabelText('Portée').selectOptions('DEPARTMENT');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.element(page.getByRole('listitem').filter({ hasText: `${title} (v2)` })).toBeVisible();
    expect((await stored(d.manager, title))[0]).toMatchObject({ title: `${title} (v2)`, scope: 'DEPARTMENT' });

    await page.getByRole('button', { name: `Supprimer ${title} (v2)` }).click();
    await expect.element(page.getByText(`Supprimer la réponse type « ${title} (v2) » ?`)).toBeVisible();
    await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
    await expect.element(page.getByText(`« ${title} (v2) » supprimée.`)).toBeVisible();
    await expect.element(page.getByRole('listitem').filter({ hasText: title })).not.toBeInTheDocument();
    expect(await stored(d.manager, title)).toEqual([]);
  });

  it('should offer to change only what one manages, and say when the server no longer has the answer', async () => {
    const d = await desk();
    const title = someone('Service ');
    const supervisor = someone('supervisor');
    await gql(supervisor, '{ me { id } }');
    await gql('admin', 'mutation($i: DepartmentMemberInput!) { saveDepartmentMember(input: $i) { id } }', {
      i: { departmentId: d.departmentId, uid: supervisor, role: 'SUPERVISOR' },
    });
    await gql(supervisor, 'mutation($i: CannedAnswerInput!) { saveCannedAnswer(input: $i) { id } }', {
      i: { title, body: '<p>Du service.</p>', scope: 'DEPARTMENT', departmentId: d.departmentId },
    });
    const mine = `${title} perso`;
    await gql(d.manager, 'mutation($i: CannedAnswerInput!) { saveCannedAnswer(input: $i) { id } }', {
      i: { title: mine, body: '<p>À moi.</p>', scope: 'PERSONAL' },
    });

    await screen(d.manager);
    await expect.element(page.getByRole('listitem').filter({ hasText: title }).first()).toBeVisible();
    await expect.element(page.getByRole('button', { name: `Modifier ${title}`, exact: true })).not.toBeInTheDocument();
    await page.getByRole('button', { name: `Modifier ${mine}` }).click();
    // Deleted meanwhile (another tab): the server's NOT_FOUND, in words.
    const [gone] = await stored(d.manager, mine);
    await gql(d.manager, 'mutation($id: ID!) { deleteCannedAnswer(id: $id) }', { id: gone.id });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.element(page.getByText('Cette réponse type n’existe plus ou vous n’y avez pas accès.')).toBeVisible();

    // Their supervisor manages the department's answer.
    await screen(supervisor);
    await expect.element(page.getByRole('button', { name: `Modifier ${title}`, exact: true })).toBeVisible();
  });

  it('should be a tab of the portlet for staff only, its heading taking the focus', async () => {
    const d = await desk();
    await mount('helpdesk-portlet', { token: await tokenFor(d.manager) });
    await page.getByRole('button', { name: 'Réponses types' }).click();
    await expect.element(page.getByRole('heading', { name: 'Réponses types', level: 2 })).toBeVisible();
    await expect.poll(() => focused()?.textContent).toBe('Réponses types');
    await expectAccessible();

    await mount('helpdesk-portlet', { token: await tokenFor(someone('student')) });
    await expect.element(page.getByRole('button', { name: 'Créer un ticket' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Réponses types' })).not.toBeInTheDocument();
  });

  it('should offer "Tous les services" to admins only', async () => {
    await screen('admin');
    await expect.element(page.getByRole('heading', { name: 'Nouvelle réponse type' })).toBeVisible();
    expect(scopes()).toEqual(['Personnelle', 'Service', 'Tous les services']);
  });
});
