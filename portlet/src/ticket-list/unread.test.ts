import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { expectAccessible, gql, mount, someone, tokenFor } from '../../test/browser.js';
import { desk, settled } from '../../test/desk.js';

const row = (number: number) => page.getByRole('row').filter({ has: page.getByRole('link', { name: String(number), exact: true }) });
const weight = (number: number) => getComputedStyle(row(number).getByRole('cell').nth(1).element()).fontWeight;

describe('unread tickets in the lists', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('should show an unread ticket bold with "non lu" for screen readers, and plain once opened', async () => {
    const d = await desk();
    const owner = someone('owner');
    const [unread, seen] = [await d.file(owner, 'Pas encore lu'), await d.file(owner, 'Déjà lu')];
    await settled(unread);
    await settled(seen);
    await gql(d.manager, 'mutation($id: ID!) { markTicketRead(ticketId: $id) { id } }', { id: String(seen) });

    await mount('helpdesk-portlet', { token: await tokenFor(d.manager) });
    await page.getByRole('button', { name: 'Tickets du service' }).click();
    await expect.element(row(unread)).toBeVisible();
    expect(weight(unread)).toBe('700');
    await expect.element(row(unread).getByText('(non lu)')).toBeInTheDocument();
    expect(row(unread).getByText('(non lu)').element().getBoundingClientRect().width).toBeLessThanOrEqual(1);
    expect(weight(seen)).toBe('400');
    expect(row(seen).getByText('(non lu)').elements()).toHaveLength(0);
    await expectAccessible();

    await page.getByRole('link', { name: String(unread), exact: true }).click();
    await expect.element(page.getByText('Pas encore lu', { exact: true })).toBeVisible();
    await expect
      .poll(async () => (await gql<{ ticket: { unread: boolean } }>(d.manager, `{ ticket(id: "${unread}") { unread } }`)).ticket.unread)
      .toBe(false);
    await page.getByRole('button', { name: 'Retour' }).click();
    await expect.element(row(unread)).toBeVisible();
    await expect.poll(() => weight(unread)).toBe('400');
    expect(row(unread).getByText('(non lu)').elements()).toHaveLength(0);
  });

  it('should say "unread" in English', async () => {
    const d = await desk();
    const number = await d.file(someone('owner'), 'Unread');
    const list = document.createElement('helpdesk-ticket-list');
    list.setAttribute('token', await tokenFor(d.manager));
    list.setAttribute('lang', 'en');
    list.filter = { involvement: 'DEPARTMENT' };
    document.body.replaceChildren(list);
    await expect.element(row(number).getByText('(unread)')).toBeInTheDocument();
  });
});
