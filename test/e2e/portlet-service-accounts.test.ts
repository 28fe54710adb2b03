import { describe, expect, it } from 'vitest';
import { expectAccessible, seen, usePortletBrowser } from './portlet-browser.js';

/** Administration, "Comptes de service", in a real Chromium: create an account, see its key once, revoke it. */
describe('the service accounts screen', () => {
  const web = usePortletBrowser();

  it('should let an admin create an account, show its key once, revoke it, all accessible', async () => {
    const { page, context } = await web.open('admin');
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'Comptes de service' }).click();
    await seen(page.getByRole('heading', { name: 'Comptes de service' }));
    await seen(page.getByText('Aucun compte de service.'));
    await expectAccessible(page, 'service accounts, empty');

    await page.getByLabel('Nom', { exact: true }).fill('Apogée — inscriptions');
    await page.getByLabel('Déposer des tickets pour une personne').check();
    await page.getByLabel('Suivre les changements en direct').check();
    await page.getByRole('group', { name: 'Services' }).getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    const key = page.locator('helpdesk-admin-service-accounts').getByRole('status').locator('code');
    await seen(key);
    expect(await key.textContent()).toMatch(/^hdsk_[A-Za-z0-9_-]{43}$/);
    await seen(page.getByRole('row', { name: /Apogée — inscriptions/ }));
    await expectAccessible(page, 'service accounts, key shown');

    await page.getByRole('button', { name: 'Révoquer Apogée — inscriptions' }).click();
    await seen(page.getByRole('row', { name: /révoqué le/ }));
    expect(await key.count()).toBe(0);
    await context.close();
  }, 120_000);

  it('should not show the screen to a supervisor, who is no admin', async () => {
    const { page, context } = await web.open('superviseur');
    await page.getByRole('button', { name: 'Administration' }).click();
    await seen(page.getByRole('button', { name: 'Services' }));
    expect(await page.getByRole('button', { name: 'Comptes de service' }).count()).toBe(0);
    await context.close();
  }, 120_000);
});
