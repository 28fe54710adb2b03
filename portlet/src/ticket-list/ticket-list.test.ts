import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { expectAccessible, fileTicket, mount, someone, tokenFor } from '../../test/browser.js';

describe('<helpdesk-ticket-list>', () => {
  it('should say "Aucun ticket." when the person has none', async () => {
    await mount('helpdesk-ticket-list', { involvement: 'OWNER', token: await tokenFor(someone('empty')) });
    await expect.element(page.getByText('Aucun ticket.')).toBeVisible();
    await expectAccessible();
  });

  it('should list my tickets with their number, subject as plain text and status in the server words', async () => {
    const uid = someone('owner');
    const subject = '<img src=x onerror="window.hacked=1"> Connexion impossible';
    const number = await fileTicket(uid, subject);
    const list = await mount('helpdesk-ticket-list', { involvement: 'OWNER', heading: 'Mes tickets', token: await tokenFor(uid) });
    await expect.element(page.getByRole('link', { name: String(number) })).toBeVisible();
    await expect.element(page.getByRole('cell', { name: subject })).toBeVisible();
    await expect.element(page.getByRole('cell', { name: 'Libre' })).toBeVisible();
    expect(list.shadowRoot!.querySelector('img')).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();
    await expectAccessible();
  });

  it('should send helpdesk-open-ticket when a number is chosen, and follow the link when nobody handles it', async () => {
    const uid = someone('owner');
    const number = await fileTicket(uid, 'Wifi en panne');
    const list = await mount('helpdesk-ticket-list', { involvement: 'OWNER', token: await tokenFor(uid) });
    const opened: number[] = [];
    list.addEventListener('helpdesk-open-ticket', (e) => {
      e.preventDefault();
      opened.push((e as CustomEvent<{ number: number }>).detail.number);
    });
    await page.getByRole('link', { name: String(number) }).click();
    expect(opened).toEqual([number]);
    expect(
      page
        .getByRole('link', { name: String(number) })
        .element()
        .getAttribute('href'),
    ).toBe(`?ticket=${number}`);
  });

  it('should speak English when the page does', async () => {
    document.documentElement.lang = 'en';
    const list = document.createElement('helpdesk-ticket-list');
    list.setAttribute('token', await tokenFor(someone('en')));
    list.setAttribute('lang', 'en');
    document.body.replaceChildren(list);
    await expect.element(page.getByText('No tickets.')).toBeVisible();
  });
});
