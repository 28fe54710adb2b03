import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seen, usePortletBrowser } from './portlet-browser.js';

/**
 * The portlet's size, redefined: a student's first screen loads the entry alone; the wizard, the staff
 * queue and English arrive on demand, from the helpdesk's origin even when the page is the ENT's.
 */
describe('the parts of the portlet loaded on demand', () => {
  const web = usePortletBrowser();
  const { app } = web;

  /** The portlet's scripts the page fetched, by file name, with their answer's status. */
  function scripts(page: Page): Map<string, number> {
    const seenFiles = new Map<string, number>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/portlet/helpdesk-')) seenFiles.set(url.pathname.slice('/portlet/'.length), res.status());
    });
    return seenFiles;
  }

  it("should load the entry alone for a student's first screen, the wizard with 'Créer un ticket', and the queue for staff", async () => {
    const { context, page } = await web.open('alice');
    const files = scripts(page);
    await page.reload();
    await page.getByLabel('Utilisateur de démonstration').selectOption('alice');
    await seen(page.getByRole('heading', { name: 'Mes tickets' }));
    await page.waitForLoadState('networkidle');
    expect([...files.keys()]).toEqual(['helpdesk-portlet.js']);
    await page.getByRole('button', { name: 'Créer un ticket' }).click();
    await seen(page.getByRole('heading', { name: 'CRÉER UN TICKET : Sélectionner une catégorie (étape 1/2)' }));
    expect([...files.keys()].filter((f) => f.startsWith('helpdesk-ticket-wizard-part-'))).toHaveLength(1);
    expect([...files.keys()].some((f) => f.startsWith('helpdesk-staff-'))).toBe(false);
    await context.close();

    const staff = await web.open('gestionnaire');
    const staffFiles = scripts(staff.page);
    await staff.page.getByRole('button', { name: 'Tickets du service' }).click();
    await seen(staff.page.getByRole('heading', { name: 'Tickets du service', level: 2 }));
    expect([...staffFiles].filter(([f]) => f.startsWith('helpdesk-staff-'))).toEqual([[expect.any(String), 200]]);
    await staff.context.close();
  });

  it("should fetch the parts from the helpdesk's origin when the ENT's page drops the entry in", async () => {
    const context = await web.browser.newContext();
    const page = await context.newPage();
    const files = scripts(page);
    const { token } = (await (
      await fetch(`${app.url}/auth/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uid: 'alice' }),
      })
    ).json()) as { token: string };
    // The ENT: a page of another origin (its own server) holding the one <script type="module"> and the element.
    const ent = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><html lang="en"><body>
        <script type="module" src="${app.url}/portlet/helpdesk-portlet.js"></script>
        <helpdesk-ticket-wizard token="${token}" endpoint="${app.url}/graphql"></helpdesk-ticket-wizard>
      </body></html>`);
    });
    await new Promise<void>((resolve) => ent.listen(0, '127.0.0.1', resolve));
    const { port } = ent.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/assistance`);
    await expect
      .poll(() => [...files.keys()].filter((f) => f.startsWith('helpdesk-ticket-wizard-part-') || f.startsWith('helpdesk-en-')), {
        timeout: 10_000,
      })
      .toHaveLength(2);
    await expect
      .poll(() => page.evaluate(() => customElements.get('helpdesk-ticket-wizard') !== undefined), { timeout: 10_000 })
      .toBe(true);
    expect([...files.values()].every((status) => status === 200)).toBe(true);
    await context.close();
    await new Promise((resolve) => ent.close(resolve));
  });
});
