import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, fileTicket, gql, mount, PNG, someone, tokenFor } from '../../test/browser.js';

const input = () =>
  page.elementLocator(
    document.querySelector('helpdesk-ticket-view')!.shadowRoot!.querySelector('helpdesk-files')!.shadowRoot!.querySelector('#pick')!,
  );

interface Files {
  ticket: { attachments: { filename: string }[]; history: { type: string }[] };
}
const files = async (uid: string, number: number) =>
  (await gql<Files>(uid, 'query($id: ID!) { ticket(id: $id) { attachments { filename } history { type } } }', { id: String(number) }))
    .ticket;

// Uploads through the whole stack (two real files, a refused type, the server's sniffing): a loaded machine needs more than the default.
describe('Fichiers attachés', () => {
  it('should refuse a file of a refused type or over the limit before any upload, and send the others with "Transférer"', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, 'Capture');
    await mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(owner) });
    await page.getByRole('tab', { name: 'Fichiers attachés' }).click();
    await expect.element(page.getByText('Aucun fichier attaché.')).toBeVisible();
    await expect.element(page.getByText('Aucun fichier sélectionné.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Transférer' })).toBeDisabled();
    await expectAccessible();

    await userEvent.upload(input(), [new File(['MZ'], 'outil.exe'), new File([new Uint8Array(11 * 1024 * 1024)], 'enorme.pdf')]);
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.element(page.getByText('outil.exe : Type de fichier refusé. enorme.pdf : Fichier trop volumineux.')).toBeVisible();
    expect((await files(owner, number)).attachments).toEqual([]);

    await userEvent.upload(input(), [new File([PNG], 'capture.png', { type: 'image/png' })]);
    await expect.element(page.getByText('capture.png', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.element(page.getByRole('link', { name: 'capture.png' })).toBeVisible();
    const seen = await files(owner, number);
    expect(seen.attachments.map((a) => a.filename)).toEqual(['capture.png']);
    expect(seen.history.at(-1)?.type).toBe('FILES_ATTACHED');

    await page.getByRole('button', { name: 'Retirer' }).click();
    await expect.element(page.getByText('Aucun fichier attaché.')).toBeVisible();
    expect((await files(owner, number)).attachments).toEqual([]);
  }, 60_000);

  it('should say so when the server refuses a file after the upload (bytes that are not what the name says)', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, 'Faux');
    await mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(owner) });
    await page.getByRole('tab', { name: 'Fichiers attachés' }).click();
    await userEvent.upload(input(), [new File(['pas une image'], 'photo.png', { type: 'image/png' })]);
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.element(page.getByText('Type de fichier refusé.')).toBeVisible();
    expect((await files(owner, number)).attachments).toEqual([]);
  }, 60_000);
});
