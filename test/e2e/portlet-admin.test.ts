import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ok } from '../harness.js';
import { expectAccessible, screenshot, seen, usePortletBrowser } from './portlet-browser.js';

/**
 * Issue 21, items 3, 4 and 8 in a real Chromium on the demo page: an admin builds a department with its
 * category tree, FAQ and members without leaving the portlet; a person sets their language and mails,
 * a manager their availability and alerts; the owner searches their own tickets; the queue hides
 * closed and cancelled tickets until asked, filters by priority and owner, sorts; and on a 390 px
 * phone no screen scrolls sideways.
 */
describe('preferences, administration, lists and phones in the portlet', () => {
  const web = usePortletBrowser();
  const { app } = web;

  /** The element that has the focus, through shadow roots: its tag and text. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return `${active?.tagName.toLowerCase()}:${active?.textContent.trim() ?? ''}`;
    });
  /** Whether the page scrolls sideways. */
  /** What sticks out to the right of a 390 px screen, through shadow roots (nothing: no sideways scroll). */
  const sideways = (page: Page) =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const out: string[] = document.documentElement.scrollWidth > width ? [`page ${document.documentElement.scrollWidth}px`] : [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          if (el.getBoundingClientRect().right > width + 0.5) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return out;
    });

  async function file(uid: string, subject: string, priority = 3): Promise<string> {
    const { categories } = ok(await app.gql<{ categories: { id: string; path: string }[] }>(uid, '{ categories { id path } }'));
    const categoryId = categories.find((c) => c.path === 'DNUM - ENT')!.id;
    const created = ok(
      await app.gql<{ createTicket: { id: string } }>(uid, 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }', {
        input: { categoryId, subject, message: '<p>Bonjour</p>', priority },
      }),
    );
    return created.createTicket.id;
  }

  it(
    'should let an admin build a department, its category tree, a FAQ entry and its members, by keyboard too',
    { timeout: 120_000 },
    async () => {
      const { context, page } = await web.open('admin');
      await page.getByRole('button', { name: 'Administration' }).click();
      await seen(page.getByRole('heading', { name: 'Nouveau service' }));
      await expectAccessible(page, 'admin: departments');
      await page.getByLabel('Code', { exact: true }).fill('MED');
      await page.getByLabel('Libellé', { exact: true }).fill('Médiathèque');
      await page.getByLabel('Affectation automatique').selectOption('ROUND_ROBIN');
      await page.getByRole('button', { name: 'Créer', exact: true }).click();
      await seen(page.getByText('Enregistré.'));
      await seen(page.getByText('Médiathèque', { exact: true }));
      // A code already taken: the server's refusal is said, and nothing else changes.
      await page.getByLabel('Code', { exact: true }).fill('MED');
      await page.getByLabel('Libellé', { exact: true }).fill('Encore');
      await page.getByRole('button', { name: 'Créer', exact: true }).click();
      await seen(page.getByText('Ce code est déjà pris : choisissez-en un autre.'));

      // "Modifier" puts the focus on the form's heading; its settings save.
      await page.getByRole('button', { name: 'Modifier Médiathèque' }).click();
      await seen(page.getByRole('heading', { name: 'Modifier le service « Médiathèque »' }));
      expect(await focused(page)).toBe('h3:Modifier le service « Médiathèque »');
      await page.getByLabel('Adresse des alertes de nouveaux tickets').fill('med@univ.example.fr');
      await page.getByLabel('Jours pour rouvrir un ticket après sa fin').fill('9');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await seen(page.getByText('Enregistré.'));

      // The menu by keyboard: Tab reaches "Arborescence des catégories", Enter opens it.
      const menu = page.getByRole('navigation', { name: 'Écrans d’administration' });
      await menu.getByRole('button', { name: 'Services' }).focus();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button:Arborescence des catégories');
      await page.keyboard.press('Enter');
      await seen(page.getByRole('heading', { name: 'Nouvelle catégorie' }));
      await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Médiathèque' });
      await seen(page.getByText('Aucune catégorie.'));
      await page.getByLabel('Libellé', { exact: true }).fill('Prêts');
      await page.getByRole('button', { name: 'Créer', exact: true }).click();
      await seen(page.getByRole('button', { name: /^Modifier .*Prêts$/ }));
      await page.getByLabel('Libellé', { exact: true }).fill('Retards');
      await page
        .getByLabel('Catégorie parente')
        .selectOption({ label: (await page.getByLabel('Catégorie parente').locator('option').nth(1).textContent())! });
      await page.getByLabel('Priorité par défaut').selectOption('4');
      await page.getByLabel('Masqué (absent du choix des catégories)').check();
      await page.getByLabel('Adresse des alertes de nouveaux tickets').fill('retards@univ.example.fr');
      await page.getByRole('button', { name: 'Créer', exact: true }).click();
      await seen(page.getByText('masqué', { exact: true }));
      await expectAccessible(page, 'admin: categories');
      await screenshot(page, 'admin-categories');

      await page.getByRole('button', { name: 'Entrées de FAQ' }).click();
      await seen(page.getByRole('heading', { name: 'Nouvelle entrée de FAQ' }));
      await page.getByLabel('Titre', { exact: true }).fill('Prolonger un prêt');
      await page.getByLabel('Contenu (HTML)').fill('<p>Depuis votre compte lecteur.</p>');
      await page.getByRole('button', { name: 'Créer', exact: true }).click();
      await seen(page.getByText('Prolonger un prêt', { exact: true }));
      await expectAccessible(page, 'admin: faqs');

      await page.getByRole('button', { name: 'Membres et rôles' }).click();
      await seen(page.getByText('Aucun membre.'));
      await page.getByLabel('Utilisateur (identifiant)').fill('bob');
      await page.getByLabel('Rôle').selectOption('SUPERVISOR');
      await page.getByLabel('Alertes').selectOption('NONE');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await seen(page.getByRole('button', { name: 'Retirer Bob Durand' }));
      await expectAccessible(page, 'admin: members');

      const { departments } = ok(
        await app.gql<{
          departments: {
            code: string;
            assignmentMode: string;
            reopenDays: number;
            alertEmail: string;
            categories: {
              label: string;
              hidden: boolean;
              defaultPriority: number | null;
              parent: { id: string } | null;
              faqs: { title: string }[];
            }[];
            members: { role: string; alert: string; user: { uid: string } }[];
          }[];
        }>(
          'admin',
          '{ departments { code assignmentMode reopenDays alertEmail categories { label hidden defaultPriority parent { id } faqs { title } } members { role alert user { uid } } } }',
        ),
      );
      const bib = departments.find((d) => d.code === 'MED')!;
      expect(bib).toMatchObject({ assignmentMode: 'ROUND_ROBIN', reopenDays: 9, alertEmail: 'med@univ.example.fr' });
      expect(bib.categories.map((c) => [c.label, c.hidden, c.defaultPriority, !!c.parent]).sort()).toEqual([
        ['Prêts', false, null, false],
        ['Retards', true, 4, true],
      ]);
      expect(bib.categories.find((c) => c.label === 'Prêts')!.faqs.map((f) => f.title)).toEqual(['Prolonger un prêt']);
      expect(bib.members).toEqual([{ role: 'SUPERVISOR', alert: 'NONE', user: { uid: 'bob' } }]);
      await context.close();

      // Bob, now a supervisor, administers his department only; Alice sees no "Administration".
      const bob = await web.open('bob');
      await bob.page.getByRole('button', { name: 'Administration' }).click();
      await seen(bob.page.getByRole('button', { name: 'Modifier Médiathèque' }));
      expect(await bob.page.getByRole('button', { name: /^Modifier / }).count()).toBe(1);
      await bob.context.close();
      const alice = await web.open('alice');
      await seen(alice.page.getByRole('heading', { name: 'Mes tickets' }));
      expect(await alice.page.getByRole('button', { name: 'Administration' }).count()).toBe(0);
      await alice.context.close();
    },
  );

  it('should let a person choose their language and mails, and a manager their availability and alerts', { timeout: 60_000 }, async () => {
    const { context, page } = await web.open('gestionnaire');
    await page.getByRole('button', { name: 'Préférences' }).click();
    await seen(page.getByRole('heading', { name: 'Mes préférences' }));
    await expectAccessible(page, 'preferences');
    // By keyboard: from the language to the mail choices.
    await page.getByLabel('Langue des courriels et du portail').focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Tout cocher');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('group', { name: 'Recevoir un courriel pour' }).getByRole('checkbox', { checked: true }).count()).toBe(0);
    await page.getByLabel('Commentaire', { exact: true }).check();
    await page.getByRole('checkbox', { name: 'Commentaire', exact: true }).focus();
    await page.getByLabel('Langue des courriels et du portail').selectOption('en');
    await page.getByRole('button', { name: 'Enregistrer' }).first().click();
    // The portlet speaks the language chosen at once.
    await seen(page.getByRole('heading', { name: 'My preferences' }));
    await seen(page.getByRole('button', { name: 'My tickets' }));
    await page.getByLabel('Available (gets tickets by automatic assignment)').first().uncheck();
    await page.getByLabel('New-ticket alerts').first().selectOption('NONE');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await seen(page.getByText('Saved.'));
    await expectAccessible(page, 'preferences in English');
    const { viewer } = ok(
      await app.gql<{
        viewer: { preferences: { language: string; notifications: string[] }; memberships: { available: boolean; alert: string }[] };
      }>('gestionnaire', '{ viewer { preferences { language notifications } memberships { available alert } } }'),
    );
    expect(viewer.preferences).toEqual({ language: 'en', notifications: ['COMMENTED'] });
    expect(viewer.memberships[0]).toEqual({ available: false, alert: 'NONE' });
    await context.close();
  });

  it(
    'should let the owner search their own tickets, and the queue hide ended ones until asked, filter and sort',
    { timeout: 120_000 },
    async () => {
      await file('alice', 'Imprimante du hall', 2);
      await file('alice', 'Wifi de la BU', 5);
      const cancelled = await file('bob', 'Demande annulée', 3);
      ok(await app.gql('bob', 'mutation($id: ID!) { cancelTicket(ticketId: $id) { id } }', { id: cancelled }));

      const alice = await web.open('alice');
      await seen(alice.page.getByRole('cell', { name: 'Wifi de la BU' }));
      expect(await alice.page.getByRole('columnheader', { name: 'Propriétaire' }).count()).toBe(0);
      await seen(alice.page.getByRole('columnheader', { name: 'Âge' }));
      await alice.page.getByRole('searchbox', { name: 'Rechercher' }).fill('imprimante');
      await alice.page.getByRole('search').getByRole('button', { name: 'APPLIQUER' }).click();
      await seen(alice.page.getByRole('cell', { name: 'Imprimante du hall' }));
      await expect.poll(() => alice.page.getByRole('cell', { name: 'Wifi de la BU' }).count(), { timeout: 10_000 }).toBe(0);
      await alice.page.getByLabel('Statut').selectOption('ended');
      await alice.page.getByRole('searchbox', { name: 'Rechercher' }).fill('');
      await alice.page.getByRole('search').getByRole('button', { name: 'APPLIQUER' }).click();
      await seen(alice.page.getByText('Aucun ticket.').first());
      await expectAccessible(alice.page, 'my tickets, searched');
      await alice.context.close();

      const { page, context } = await web.open('gestionnaire');
      await page.getByRole('button', { name: 'Tickets du service' }).click();
      await seen(page.getByRole('cell', { name: 'Wifi de la BU' }));
      expect(await page.getByRole('cell', { name: 'Demande annulée' }).count()).toBe(0);
      await page.getByLabel('Statut').selectOption('');
      await page.getByRole('button', { name: 'APPLIQUER' }).click();
      await seen(page.getByRole('cell', { name: 'Demande annulée' }));
      await page.getByLabel('Priorité').selectOption('5');
      await page.getByLabel('Trier par').selectOption('CREATED:ASC');
      await page.getByRole('button', { name: 'APPLIQUER' }).click();
      await expect.poll(() => page.getByRole('cell', { name: 'Demande annulée' }).count(), { timeout: 10_000 }).toBe(0);
      await seen(page.getByRole('cell', { name: 'Wifi de la BU' }));
      expect(await page.getByRole('cell', { name: 'Imprimante du hall' }).count()).toBe(0);
      // An owner by login, chosen in the people search; an unknown login is said, and the list stays.
      await page.getByLabel('Priorité').selectOption('');
      await page.getByLabel('Propriétaire (identifiant)').fill('personne-inconnue');
      await page.getByRole('button', { name: 'APPLIQUER' }).click();
      await seen(page.getByText('Aucun utilisateur ne porte cet identifiant', { exact: false }));
      await page.getByLabel('Propriétaire (identifiant)').fill('bo');
      await page.getByLabel('Propriétaire (identifiant)').pressSequentially('b');
      // The people search offers the login as one types (shared/people-search.ts).
      await expect.poll(() => page.locator('datalist#owners option[value="bob"]').count(), { timeout: 10_000 }).toBe(1);
      await page.getByRole('button', { name: 'APPLIQUER' }).click();
      await seen(page.getByRole('cell', { name: 'Demande annulée' }));
      await expect.poll(() => page.getByRole('cell', { name: 'Wifi de la BU' }).count(), { timeout: 10_000 }).toBe(0);
      await expectAccessible(page, 'queue, filtered');
      await context.close();
    },
  );

  it(
    'should never scroll sideways on a 390 px phone: lists, a ticket, the wizard, the queue, preferences, administration',
    { timeout: 120_000 },
    async () => {
      const phone = (uid: string) => web.open(uid, { viewport: { width: 390, height: 844 }, isMobile: true });
      await file('alice', 'Un sujet assez long pour occuper toute la largeur d’un petit écran de téléphone');
      const alice = await phone('alice');
      const firstTicket = alice.page.locator('helpdesk-ticket-list').first().getByRole('link').first();
      await seen(firstTicket);
      expect(await sideways(alice.page), 'home').toEqual([]);
      await screenshot(alice.page, 'phone-home');
      await firstTicket.click();
      await seen(alice.page.getByRole('heading', { name: /TICKET n°/ }));
      expect(await sideways(alice.page), 'ticket').toEqual([]);
      await alice.page.getByRole('button', { name: 'Créer un ticket' }).click();
      await seen(alice.page.getByRole('heading', { name: /CRÉER UN TICKET/ }));
      expect(await sideways(alice.page), 'wizard').toEqual([]);
      await alice.page.getByRole('button', { name: 'Préférences' }).click();
      await seen(alice.page.getByRole('heading', { name: 'Mes préférences' }));
      expect(await sideways(alice.page), 'preferences').toEqual([]);
      await alice.context.close();

      const staff = await phone('superviseur');
      await staff.page.getByRole('button', { name: 'Tickets du service' }).click();
      await seen(staff.page.getByRole('heading', { name: 'Tickets du service', level: 2 }));
      await seen(staff.page.locator('helpdesk-ticket-list').getByRole('link').first());
      expect(await sideways(staff.page), 'queue').toEqual([]);
      await screenshot(staff.page, 'phone-queue');
      await staff.page.getByRole('button', { name: 'Administration' }).click();
      for (const screen of ['Services', 'Arborescence des catégories', 'Entrées de FAQ', 'Membres et rôles']) {
        await staff.page.getByRole('navigation', { name: 'Écrans d’administration' }).getByRole('button', { name: screen }).click();
        await seen(staff.page.getByRole('heading', { name: screen, level: 3 }));
        expect(await sideways(staff.page), screen).toEqual([]);
      }
      await expectAccessible(staff.page, 'phone: administration');
      await staff.context.close();
    },
  );
});
