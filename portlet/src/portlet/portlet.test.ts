import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { expectAccessible, fileTicket, mount, someone, tokenFor } from '../../test/browser.js';
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
});
