import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { expectAccessible, gql, mount, someone, tokenFor } from '../../test/browser.js';
import { desk, settled } from '../../test/desk.js';

const bookmarked = async (uid: string, number: number) =>
  (await gql<{ ticket: { bookmarked: boolean } }>(uid, 'query($id: ID!) { ticket(id: $id) { bookmarked } }', { id: String(number) })).ticket
    .bookmarked;
const view = async (uid: string, number: number) => mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(uid) });

describe('bookmarks ("signets")', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('should add and remove the bookmark with one pressed star button, and list the bookmarks under "Signets" in the queue', async () => {
    const d = await desk();
    const owner = someone('owner');
    const [kept, other] = [await d.file(owner, 'À garder'), await d.file(owner, 'Un autre')];
    await view(d.manager, kept);
    // One toggle button: its name stays, its pressed state says whether the ticket is bookmarked.
    const star = page.getByRole('button', { name: 'Signet' });
    await expect.element(star).toHaveAttribute('aria-pressed', 'false');
    await expectAccessible();
    await star.click();
    await expect.element(star).toHaveAttribute('aria-pressed', 'true');
    expect(await bookmarked(d.manager, kept)).toBe(true);
    await star.click();
    await expect.element(star).toHaveAttribute('aria-pressed', 'false');
    expect(await bookmarked(d.manager, kept)).toBe(false);
    await star.click();
    await expect.element(star).toHaveAttribute('aria-pressed', 'true');

    await mount('helpdesk-portlet', { token: await tokenFor(d.manager) });
    await page.getByRole('button', { name: 'Tickets du service' }).click();
    await expect.element(page.getByRole('link', { name: String(other) })).toBeVisible();
    await page.getByRole('checkbox', { name: 'Signets' }).click();
    await page.getByRole('button', { name: 'APPLIQUER' }).click();
    await expect.element(page.getByRole('link', { name: String(other) })).not.toBeInTheDocument();
    await expect.element(page.getByRole('link', { name: String(kept) })).toBeVisible();
    expect(await bookmarked(owner, kept)).toBe(false); // each person's own
  });
});

describe('"Ticket non lu suivant"', () => {
  it('should open the next unread ticket of the queue, never the open one, and say when there is none', async () => {
    const d = await desk();
    const owner = someone('owner');
    const first = await d.file(owner, 'Premier');
    const second = await d.file(owner, 'Second');
    await settled(first);
    await settled(second);
    const opened: number[] = [];
    const listen = (e: Event) => {
      e.preventDefault();
      opened.push((e as CustomEvent<{ number: number }>).detail.number);
    };
    document.addEventListener('helpdesk-open-ticket', listen);
    try {
      await view(d.manager, second);
      // Opening it marked it read: the next unread one is the other.
      await expect
        .poll(async () => (await gql<{ ticket: { unread: boolean } }>(d.manager, `{ ticket(id: "${second}") { unread } }`)).ticket.unread)
        .toBe(false);
      await page.getByRole('button', { name: 'Ticket non lu suivant' }).click();
      await expect.poll(() => opened).toEqual([first]);

      await view(d.manager, first);
      await expect
        .poll(async () => (await gql<{ ticket: { unread: boolean } }>(d.manager, `{ ticket(id: "${first}") { unread } }`)).ticket.unread)
        .toBe(false);
      await page.getByRole('button', { name: 'Ticket non lu suivant' }).click();
      await expect.element(page.getByText('Aucun autre ticket non lu.')).toBeVisible();
      expect(opened).toEqual([first]);
    } finally {
      document.removeEventListener('helpdesk-open-ticket', listen);
    }
  });

  it('should offer neither the star nor "next unread" to a ticket’s owner', async () => {
    const d = await desk();
    const owner = someone('owner');
    const number = await d.file(owner, 'Le mien');
    await view(owner, number);
    await expect.element(page.getByRole('heading', { name: `TICKET n°${number}` })).toBeVisible();
    await expect.element(page.getByText('Le mien')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Ajouter aux signets' })).not.toBeInTheDocument();
    await expect.element(page.getByRole('button', { name: 'Ticket non lu suivant' })).not.toBeInTheDocument();
  });
});
