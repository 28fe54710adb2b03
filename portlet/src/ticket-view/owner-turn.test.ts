import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, fileTicket, focused, gql, mount, PNG, someone, tokenFor } from '../../test/browser.js';

interface Seen {
  status: string;
  history: { type: string; message: string | null }[];
  attachments: { filename: string }[];
}
const read = async (uid: string, number: number): Promise<Seen> =>
  (
    await gql<{ ticket: Seen }>(uid, 'query($id: ID!) { ticket(id: $id) { status history { type message } attachments { filename } } }', {
      id: String(number),
    })
  ).ticket;
const act = (uid: string, mutation: string, number: number) =>
  gql(uid, `mutation($id: ID!) { ${mutation} { id } }`, { id: String(number) });

/** A ticket of a new owner, taken by the demo manager, who then asks a question or asks to close it. */
async function waiting(step: 'question' | 'closure'): Promise<{ owner: string; number: number }> {
  const owner = someone('owner');
  const number = await fileTicket(owner, 'Connexion impossible');
  await act('gestionnaire', 'takeTicket(ticketId: $id)', number);
  await act(
    'gestionnaire',
    step === 'question'
      ? 'requestInformation(ticketId: $id, message: "Quel navigateur ?")'
      : 'requestClosure(ticketId: $id, message: "Videz le cache.")',
    number,
  );
  return { owner, number };
}

const view = async (uid: string, number: number, lang = 'fr') =>
  mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(uid), lang });
const prompt = () => page.getByRole('region', { name: 'Votre réponse est attendue' });

describe("the owner's turn", () => {
  it('should say at the top that an answer is awaited, and send the answer with a file from the box under the history in one step', async () => {
    const { owner, number } = await waiting('question');
    await view(owner, number);
    await expect.element(prompt()).toBeVisible();
    await expect.element(prompt().getByText('Le service vous demande un complément d’information')).toBeVisible();
    await expectAccessible();

    // "Répondre" goes to the box; sending it empty says what is missing, once, and sends nothing.
    await prompt().getByRole('button', { name: 'Répondre' }).click();
    const box = page.getByRole('textbox', { name: 'Votre réponse' });
    expect(focused()?.getAttribute('role')).toBe('textbox');
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await expect.element(box).toHaveAttribute('aria-invalid', 'true');
    expect(page.getByText('Ce champ est obligatoire.').elements()).toHaveLength(1);
    expect((await read(owner, number)).status).toBe('INCOMPLETE');

    // Typing clears the error; the answer goes with its file and the ticket is back in progress.
    await box.click();
    await userEvent.keyboard('Firefox 128');
    await expect.element(box).toHaveAttribute('aria-invalid', 'false');
    const pick = document
      .querySelector('helpdesk-ticket-view')!
      .shadowRoot!.querySelector('#reply helpdesk-files')!
      .shadowRoot!.querySelector('#pick')!;
    await userEvent.upload(page.elementLocator(pick), [new File([PNG], 'capture.png', { type: 'image/png' })]);
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.element(page.getByRole('list', { name: 'Fichiers' })).toBeVisible();
    await expect.poll(() => focused()?.getAttribute('aria-label')).toBe('Fichiers'); // "Transférer" is disabled now: the list has the focus
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await expect.element(page.getByText('En cours', { exact: true })).toBeVisible();
    await expect.element(prompt()).not.toBeInTheDocument();
    expect(focused()?.id).toBe('title');
    const seen = await read(owner, number);
    expect(seen.status).toBe('IN_PROGRESS');
    expect(seen.history.at(-1)?.type).toBe('INFORMATION_GIVEN');
    expect(seen.history.at(-1)?.message).toContain('Firefox 128');
    expect(seen.attachments.map((a) => a.filename)).toEqual(['capture.png']);
  });

  it('should offer Approuver and Refuser clôture in view, approve in one click, and show staff no prompt', async () => {
    const { owner, number } = await waiting('closure');
    await view('gestionnaire', number);
    await expect.element(page.getByText("Clos (en attente d'approbation)", { exact: true })).toBeVisible();
    await expect.element(prompt()).not.toBeInTheDocument();

    await view(owner, number);
    await expect.element(prompt().getByText('approuvez la clôture')).toBeVisible();
    await expect.element(page.getByRole('textbox', { name: 'Message (obligatoire pour refuser la clôture)' })).toBeVisible();
    await expectAccessible();
    await prompt().getByRole('button', { name: 'Approuver' }).click();
    await expect.element(page.getByText('Clos / approuvé', { exact: true })).toBeVisible();
    expect((await read(owner, number)).history.at(-1)?.type).toBe('CLOSURE_APPROVED');
  });

  it('should ask for the reason before refusing a closure, then refuse with it', async () => {
    const { owner, number } = await waiting('closure');
    await view(owner, number);
    await prompt().getByRole('button', { name: 'Refuser clôture' }).click();
    const box = page.getByRole('textbox', { name: 'Message (obligatoire pour refuser la clôture)' });
    await expect.element(box).toHaveAttribute('aria-invalid', 'true');
    await expect.element(page.getByText('Ce champ est obligatoire.')).toBeVisible();
    expect((await read(owner, number)).status).toBe('CLOSED');
    await box.click();
    await userEvent.keyboard('Toujours en panne');
    await page.getByRole('button', { name: 'Refuser clôture' }).nth(1).click();
    await expect.element(page.getByText('En cours', { exact: true })).toBeVisible();
    const seen = await read(owner, number);
    expect(seen.history.at(-1)?.type).toBe('CLOSURE_REFUSED');
    expect(seen.history.at(-1)?.message).toContain('Toujours en panne');
  });

  it('should open the reply box, not a comment form, from a mail link (?ticket=N&action=answer)', async () => {
    const { owner, number } = await waiting('question');
    history.replaceState(null, '', `${location.pathname}?ticket=${number}&action=answer`);
    try {
      await mount('helpdesk-portlet', { token: await tokenFor(owner) });
      const box = page.getByRole('textbox', { name: 'Votre réponse' });
      await expect.element(box).toBeVisible();
      await expect.poll(() => focused()).toBe(box.element());
      await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
      await userEvent.keyboard('Firefox 128');
      await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
      await expect.element(page.getByText('En cours', { exact: true })).toBeVisible();
      expect((await read(owner, number)).history.at(-1)?.type).toBe('INFORMATION_GIVEN');
    } finally {
      history.replaceState(null, '', location.pathname);
    }
  });

  it('should speak English with lang="en"', async () => {
    const { owner, number } = await waiting('question');
    await view(owner, number, 'en');
    await expect.element(page.getByRole('region', { name: 'Your answer is needed' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Answer', exact: true })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Send the answer' })).toBeVisible();
  });

  it('should answer with the keyboard alone: Tab to Répondre, type, Tab to Envoyer la réponse', async () => {
    const { owner, number } = await waiting('question');
    await view(owner, number);
    await expect.element(prompt()).toBeVisible();
    (page.getByRole('heading', { name: `TICKET n°${number}` }).element() as HTMLElement).focus();
    const tabTo = async (text: string) => {
      for (let i = 0; i < 30 && focused()?.textContent.trim() !== text; i++) await userEvent.keyboard('{Tab}');
      expect(focused()?.textContent.trim()).toBe(text);
    };
    await tabTo('Répondre');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => focused()?.getAttribute('role')).toBe('textbox');
    await userEvent.keyboard('Chrome 131');
    await tabTo('Envoyer la réponse');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByText('En cours', { exact: true })).toBeVisible();
    expect((await read(owner, number)).history.at(-1)?.message).toContain('Chrome 131');
  });

  it('should fit a 390 px phone: the prompt and the reply box scroll no page sideways', async () => {
    const { owner, number } = await waiting('closure');
    await page.viewport(390, 844);
    try {
      await view(owner, number);
      await expect.element(prompt()).toBeVisible();
      await expect.element(page.getByRole('textbox', { name: 'Message (obligatoire pour refuser la clôture)' })).toBeVisible();
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await page.viewport(1280, 900);
    }
  });
});
