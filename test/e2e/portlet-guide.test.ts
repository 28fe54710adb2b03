import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gone, screenshot, seen, usePortletBrowser } from './portlet-browser.js';

/**
 * The user guide (docs: guide-utilisateur) played in a real Chromium on the demo page, by two people
 * in two browser contexts: Alice files and follows her ticket, Gaëlle (manager at DNUM) handles it.
 */
// The smallest valid PNG (1×1): the server checks the bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('the guide in the portlet, as owner and manager', () => {
  const web = usePortletBrowser();
  const { app } = web;
  let owner: Page;
  let ownerContext: BrowserContext;
  let manager: Page;
  let number = 0;
  let url = '';

  beforeAll(async () => {
    url = app.url;
    ({ page: owner, context: ownerContext } = await web.open('alice'));
    manager = (await web.open('gestionnaire')).page;
  }, 120_000);

  /** The words of the element that has the focus, looking inside shadow roots. */
  const focusedText = (page: Page) =>
    page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.textContent.trim() ?? '';
    });
  const actions = (page: Page) => page.getByRole('button', { name: 'ACTIONS', exact: true });
  const status = (page: Page, text: string, timeout = 10_000) =>
    expect.poll(() => page.locator('dl.lines dd span').first().textContent(), { timeout }).toBe(text);
  const dialog = (page: Page) => page.getByRole('dialog');
  /** ACTIONS → an item, with the mouse. */
  async function choose(page: Page, item: string): Promise<void> {
    await actions(page).click();
    await page.getByRole('menuitem', { name: item, exact: true }).click();
  }
  /** Types into the dialog's rich-text message and validates. */
  async function say(page: Page, text: string): Promise<void> {
    await dialog(page).getByRole('textbox').click();
    await page.keyboard.type(text);
    await dialog(page).getByRole('button', { name: 'Valider' }).click();
    await gone(dialog(page));
  }

  it('I. files a ticket: "Créer un ticket", a category, the subject and the description, then the summary', async () => {
    await seen(owner.getByRole('heading', { name: 'Mes tickets' }));
    await expectAccessible(owner, 'home');
    await owner.getByRole('button', { name: 'Créer un ticket' }).click();
    await seen(owner.getByRole('heading', { name: 'CRÉER UN TICKET : Sélectionner une catégorie (étape 1/2)' }));
    await owner.getByLabel('Filtrer la liste des catégories').fill('ent');
    await owner.getByRole('button', { name: 'APPLIQUER' }).click();
    await expectAccessible(owner, 'wizard step 1');
    await owner.getByRole('button', { name: 'Exterieurs - ENT' }).click();
    await seen(owner.getByText('Catégorie sélectionnée :'));
    await owner.getByRole('button', { name: 'Créer le ticket' }).click();
    await seen(owner.getByText('Indiquez le sujet de votre demande.'));
    await owner.getByLabel('Sujet', { exact: true }).fill('Connexion impossible');
    await owner.getByRole('textbox', { name: 'Description' }).click();
    await owner.keyboard.type("Je n'arrive plus à me connecter à l'ENT depuis ce matin.");
    // 2. Inclure un fichier: "Parcourir…", then "Transférer".
    await owner.locator('helpdesk-files #pick').setInputFiles({ name: 'capture.png', mimeType: 'image/png', buffer: PNG });
    await owner.getByRole('button', { name: 'Transférer' }).click();
    await seen(owner.locator('helpdesk-files li').getByText('capture.png'));
    await expectAccessible(owner, 'wizard step 2');
    await screenshot(owner, '01-wizard-step2');
    await owner.getByRole('button', { name: 'Créer le ticket' }).click();
    const summary = owner.getByRole('heading', { name: /Votre ticket n°\d+ a été créé\./ });
    await seen(summary);
    number = Number(/n°(\d+)/.exec((await summary.textContent()) ?? '')![1]);
    await expectAccessible(owner, 'summary');
    await screenshot(owner, '02-summary');
    await owner.getByRole('button', { name: 'Voir le ticket' }).click();
    await seen(owner.getByRole('heading', { name: `TICKET n°${number}` }));
    await status(owner, 'Libre');
    await seen(owner.getByText('aucun', { exact: true }));
    await owner.getByRole('tab', { name: 'Fichiers attachés' }).click();
    await seen(owner.getByRole('link', { name: 'capture.png' }));
  });

  it('II. invites a user from the Invités tab', async () => {
    await owner.getByRole('tab', { name: 'Invités' }).click();
    await seen(owner.getByText('Aucun utilisateur invité.'));
    await owner.getByRole('button', { name: 'Inviter un utilisateur' }).click();
    await owner.getByLabel('Utilisateur', { exact: true }).fill('bob');
    await expectAccessible(owner, 'invite dialog');
    await dialog(owner).getByRole('button', { name: 'Valider' }).click();
    await seen(owner.getByRole('tabpanel', { name: 'Invités' }).getByText('Bob Durand'));
    await screenshot(owner, '03-invitees');
  });

  it("lets the manager find it in the queue, take it and ask for more information, the owner's screen following live", async () => {
    await manager.getByRole('button', { name: 'Tickets du service' }).click();
    await manager.getByLabel('Rechercher').fill(String(number));
    await manager.getByRole('button', { name: 'APPLIQUER' }).click();
    await expectAccessible(manager, 'queue');
    await screenshot(manager, '04-queue');
    await manager.getByRole('link', { name: String(number), exact: true }).click();
    await seen(manager.getByRole('heading', { name: `TICKET n°${number}` }));
    await choose(manager, 'Prendre en charge');
    await status(manager, 'En cours');
    await seen(manager.getByText('Gaëlle Gestionnaire', { exact: true }).first());
    // Alice still has her ticket open: it changes under her eyes, and her screen reader hears it.
    await status(owner, 'En cours');
    await owner.getByRole('status').filter({ hasText: 'Statut du ticket : En cours' }).waitFor({ state: 'attached' });
    await choose(manager, "Demander un complément d'information");
    await expectAccessible(manager, 'request information dialog');
    await say(manager, 'Quel navigateur utilisez-vous ?');
    // Each reads the status from their side: the owner's turn, the department waiting for the owner.
    await status(manager, 'Incomplet (en attente du propriétaire)');
    await status(owner, 'Incomplet (en attente de votre réponse)');
    await seen(owner.getByRole('region', { name: 'Votre réponse est attendue' }));
    await owner.getByRole('tab', { name: 'Historique' }).click();
    await seen(owner.getByText('Quel navigateur utilisez-vous ?'));
  });

  it('III. the owner answers from the mail link, with the keyboard alone', async () => {
    // The mail's "answer" link opens the ticket with the focus in the reply box: no dialog, no click.
    await owner.goto(`${url}/?ticket=${number}&action=answer`);
    await seen(owner.getByRole('textbox', { name: 'Votre réponse' }));
    await gone(dialog(owner));
    await owner.keyboard.type('Firefox 128, sous Linux.');
    for (let i = 0; i < 10 && (await focusedText(owner)) !== 'Envoyer la réponse'; i++) await owner.keyboard.press('Tab');
    await owner.keyboard.press('Enter');
    await status(owner, 'En cours');
    await seen(owner.getByText('Firefox 128, sous Linux.'));
    await owner.getByRole('status').filter({ hasText: 'Statut du ticket : En cours' }).waitFor({ state: 'attached' });
    // The ACTIONS menu by keyboard: focus it, open it, walk to "Ajouter commentaire", choose it, leave with Escape.
    await actions(owner).focus();
    await owner.keyboard.press('Enter');
    await expect.poll(() => actions(owner).getAttribute('aria-expanded')).toBe('true');
    for (let i = 0; i < 10 && (await focusedText(owner)) !== 'Ajouter commentaire'; i++) await owner.keyboard.press('ArrowDown');
    await owner.keyboard.press('Enter');
    await seen(owner.getByRole('heading', { name: `Ajouter commentaire — TICKET n°${number}` }));
    await owner.keyboard.press('Escape');
    await gone(dialog(owner));
  });

  it('IV. the owner refuses the closure with a justification, then approves the next one', async () => {
    // Gaëlle's screen got Alice's answer live.
    await seen(manager.getByText('Firefox 128, sous Linux.'));
    await status(manager, 'En cours');
    await choose(manager, 'Demander la clôture');
    await say(manager, 'Videz le cache de votre navigateur.');
    await status(manager, "Clos (en attente d'approbation)");

    await owner.goto(`${url}/?ticket=${number}&action=refuse`);
    await seen(owner.getByRole('heading', { name: `Refuser clôture — TICKET n°${number}` }));
    await dialog(owner).getByRole('button', { name: 'Valider' }).click();
    await seen(dialog(owner).getByText('Ce champ est obligatoire.').first());
    await expectAccessible(owner, 'refuse closure dialog');
    await screenshot(owner, '05-refuse-closure');
    await say(owner, 'Toujours impossible après avoir vidé le cache.');
    await status(owner, 'En cours');

    // Alice's network drops while Gaëlle asks again; back online, her screen catches up by itself.
    await status(manager, 'En cours');
    await ownerContext.setOffline(true);
    await choose(manager, 'Demander la clôture');
    await say(manager, 'Compte réactivé côté serveur.');
    await ownerContext.setOffline(false);
    await status(owner, "Clos (en attente d'approbation)", 30_000);
    await seen(owner.getByText('Compte réactivé côté serveur.'));

    await owner.goto(`${url}/?ticket=${number}&action=approve`);
    await seen(owner.getByRole('heading', { name: `Approuver — TICKET n°${number}` }));
    await dialog(owner).getByRole('button', { name: 'Valider' }).click();
    await status(owner, 'Clos / approuvé');
    await seen(owner.getByText('Clôture approuvée'));
    await expectAccessible(owner, 'approved ticket');
    await screenshot(owner, '06-approved');
    // "Imprimer": a clean printable page, every tab's content and no buttons.
    await owner.emulateMedia({ media: 'print' });
    await seen(owner.getByRole('tabpanel', { name: 'Propriétés' }));
    await gone(actions(owner));
    await gone(owner.getByLabel('Utilisateur de démonstration'));
    await screenshot(owner, '07-print');
    await owner.emulateMedia({ media: 'screen' });
  });

  it('answers "Accès direct" to an unknown number and to a ticket one may not read alike', async () => {
    const hidden = await app.gql<{ createTicket: { number: number } }>(
      'alice',
      'mutation($c: ID!) { createTicket(input: { categoryId: $c, subject: "Privé", message: "x" }) { number } }',
      {
        c: (await app.gql<{ categories: { id: string }[] }>('alice', '{ categories { id } }')).data!.categories[0].id,
      },
    );
    const bob = (await web.open('bob')).page;
    // The ENT may load the bundle twice: the second copy finds its elements defined and leaves them be.
    const errors: string[] = [];
    bob.on('pageerror', (e) => errors.push(e.message));
    await bob.addScriptTag({ url: `${url}/portlet/helpdesk-portlet.js?again`, type: 'module' });
    expect(errors).toEqual([]);
    await bob.getByLabel('N° de ticket').fill('abc');
    await bob.getByRole('button', { name: 'Accès direct' }).click();
    await seen(bob.getByText('Saisissez un numéro de ticket.'));
    await bob.getByLabel('N° de ticket').fill('999999');
    await bob.getByRole('button', { name: 'Accès direct' }).click();
    await seen(bob.getByText('Ce ticket n’existe pas ou vous n’y avez pas accès.'));
    await expectAccessible(bob, 'not found');
    await bob.getByLabel('N° de ticket').fill(String(hidden.data!.createTicket.number));
    await bob.getByRole('button', { name: 'Accès direct' }).click();
    await seen(bob.getByRole('heading', { name: `TICKET n°${hidden.data!.createTicket.number}` }));
    await seen(bob.getByText('Ce ticket n’existe pas ou vous n’y avez pas accès.'));
  });
});
