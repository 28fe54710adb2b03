import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, fileTicket, focused, mount, someone, tokenFor } from '../../test/browser.js';
import type { HelpdeskPortlet } from './portlet.js';

describe('<helpdesk-portlet>', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('should open the ticket named by the page address (a mail link), and go back to the lists with "Retour"', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, 'Lien du courriel');
    history.replaceState(null, '', `${location.pathname}?ticket=${number}`);
    await mount('helpdesk-portlet', { token: await tokenFor(owner) });
    await expect.element(page.getByRole('heading', { name: `TICKET n°${number}` })).toBeVisible();
    await page.getByRole('button', { name: 'Retour' }).click();
    await expect.element(page.getByRole('link', { name: String(number) })).toBeVisible();
    expect(new URLSearchParams(location.search).get('ticket')).toBeNull();
    await expectAccessible();
  });

  it('should refuse an "Accès direct" that is not a number, and show the queue to staff only', async () => {
    await mount('helpdesk-portlet', { token: await tokenFor(someone('student')) });
    await page.getByLabelText('N° de ticket').fill('cinquante');
    await page.getByRole('button', { name: 'Accès direct' }).click();
    await expect.element(page.getByText('Saisissez un numéro de ticket.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Tickets du service' })).not.toBeInTheDocument();

    await mount('helpdesk-portlet', { token: await tokenFor('gestionnaire') });
    await page.getByRole('button', { name: 'Tickets du service' }).click();
    await expect.element(page.getByRole('option', { name: /^Libre \(\d+\)$/ })).toBeInTheDocument();
    await expect.element(page.getByRole('option', { name: 'aucun' })).toBeInTheDocument();
    await expectAccessible();
  });

  it("should show another person's tickets when the token changes (the demo picker)", async () => {
    const [first, second] = [someone('first'), someone('second')];
    const mine = await fileTicket(first, 'Premier');
    const theirs = await fileTicket(second, 'Second');
    const portlet = await mount<HelpdeskPortlet>('helpdesk-portlet', { token: await tokenFor(first) });
    await expect.element(page.getByRole('link', { name: String(mine) })).toBeVisible();
    portlet.token = await tokenFor(second);
    await expect.element(page.getByRole('link', { name: String(theirs) })).toBeVisible();
    await expect.element(page.getByRole('link', { name: String(mine) })).not.toBeInTheDocument();
  });

  it('should move the focus to what opened, never leave it on <body>: a list link, Accès direct, Retour, Créer un ticket, Voir le ticket', async () => {
    const owner = someone('focus');
    const number = await fileTicket(owner, 'Suivre le focus');
    await mount('helpdesk-portlet', { token: await tokenFor(owner) });
    const heading = page.getByRole('heading', { name: `TICKET n°${number}` });

    // A list link: the ticket's heading, once loaded (the same element as while loading).
    await page.getByRole('link', { name: String(number) }).click();
    await expect.element(heading).toBeVisible();
    await expect.poll(() => focused()?.textContent).toBe(`TICKET n°${number}`);
    await expect.element(page.getByText('Suivre le focus')).toBeVisible();
    expect(focused()?.textContent).toBe(`TICKET n°${number}`);

    // Retour: back on the link of the ticket one came from.
    await page.getByRole('button', { name: 'Retour' }).click();
    await expect.poll(() => focused()?.textContent).toBe(String(number));

    // Accès direct, by keyboard.
    await page.getByLabelText('N° de ticket').fill(String(number));
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByText('Suivre le focus')).toBeVisible();
    await expect.poll(() => focused()?.textContent).toBe(`TICKET n°${number}`);

    // "Créer un ticket": into the wizard, on its step's heading; "Voir le ticket" from its summary: the new ticket's heading.
    await page.getByRole('button', { name: 'Créer un ticket' }).click();
    await expect.poll(() => focused()?.textContent).toBe('CRÉER UN TICKET : Sélectionner une catégorie (étape 1/2)');
    await page.getByRole('button', { name: 'DNUM - ENT' }).click();
    await page.getByLabelText('Sujet').fill('Deuxième');
    await page.getByRole('textbox', { name: 'Description' }).click();
    await userEvent.keyboard('Encore.');
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    await page.getByRole('button', { name: 'Voir le ticket' }).click();
    await expect.element(page.getByText('Deuxième', { exact: true })).toBeVisible();
    await expect.poll(() => focused()?.textContent).toMatch(/^TICKET n°\d+$/);
    expect(document.activeElement).not.toBe(document.body);
    await expectAccessible();
  });
});
