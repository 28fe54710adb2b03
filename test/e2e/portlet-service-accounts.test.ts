import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../fixture.js';
import { browserServerEnv, ensurePortletBuilt, expectAccessible, launch, openAs, seen } from './portlet-browser.js';

/** Administration, "Comptes de service", in a real Chromium: create an account, see its key once, revoke it. */
describe('the service accounts screen', () => {
  beforeAll(() => ensurePortletBuilt(), 120_000);
  const app = useTestApp(browserServerEnv);
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('should let an admin create an account, show its key once, revoke it, all accessible', async () => {
    const { page, context } = await openAs(browser!, `${app.url}/`, 'admin');
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
    const { page, context } = await openAs(browser!, `${app.url}/`, 'superviseur');
    await page.getByRole('button', { name: 'Administration' }).click();
    await seen(page.getByRole('button', { name: 'Services' }));
    expect(await page.getByRole('button', { name: 'Comptes de service' }).count()).toBe(0);
    await context.close();
  }, 120_000);
});
