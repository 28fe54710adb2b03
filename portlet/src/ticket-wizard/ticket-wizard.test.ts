import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { expectAccessible, focused, gql, mount, PNG, someone, tokenFor } from '../../test/browser.js';
import type { HelpdeskTicketWizard } from './ticket-wizard.js';

const myTickets = async (uid: string) =>
  (await gql<{ tickets: { totalCount: number } }>(uid, '{ tickets(filter: { involvement: OWNER }) { totalCount } }')).tickets.totalCount;

/** The wizard at step 2 in "Exterieurs - ENT", signed in as `uid` (or as the element's attributes say: the ENT portal's token). */
async function openStep2(uid: string, attributes?: Record<string, string>): Promise<HelpdeskTicketWizard> {
  const wizard = await mount<HelpdeskTicketWizard>('helpdesk-ticket-wizard', attributes ?? { token: await tokenFor(uid) });
  await expect.element(page.getByRole('heading', { name: 'CRÉER UN TICKET : Sélectionner une catégorie (étape 1/2)' })).toBeVisible();
  await page.getByLabelText('Filtrer la liste des catégories').fill('exterieurs');
  await page.getByRole('button', { name: 'APPLIQUER' }).click();
  await page.getByRole('button', { name: 'Exterieurs - ENT' }).click();
  await expect.element(page.getByRole('heading', { name: 'CRÉER UN TICKET : Création du ticket (étape 2/2)' })).toBeVisible();
  return wizard;
}

describe('<helpdesk-ticket-wizard>', () => {
  it('should filter the category tree, ignoring accents and case, and show the chosen category with its FAQ entries', async () => {
    await mount('helpdesk-ticket-wizard', { token: await tokenFor(someone('w')) });
    await expect.element(page.getByRole('button', { name: 'DNUM - Wifi' })).toBeVisible();
    await expectAccessible();
    await page.getByLabelText('Filtrer la liste des catégories').fill('SCOLARITE');
    await page.getByRole('button', { name: 'APPLIQUER' }).click();
    await expect.element(page.getByRole('button', { name: 'Scolarité - Examens' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'DNUM - Wifi' })).not.toBeInTheDocument();
    await page.getByLabelText('Filtrer la liste des catégories').fill('zzz introuvable');
    await page.getByRole('button', { name: 'APPLIQUER' }).click();
    await expect.element(page.getByText('Aucune catégorie ne correspond.')).toBeVisible();

    await openStep2(someone('w'));
    await expect.element(page.getByText('Exterieurs - ENT', { exact: true })).toBeVisible();
    await expect.element(page.getByRole('heading', { name: 'Éléments de FAQs en liaison avec cette catégorie' })).toBeVisible();
    await expect.element(page.getByText("Je n'arrive pas à me connecter à l'ENT")).toBeVisible();
    await expectAccessible();
  });

  it('should say what is missing and send nothing when the subject or the description is empty', async () => {
    const uid = someone('empty');
    await openStep2(uid);
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    await expect.element(page.getByText('Indiquez le sujet de votre demande.')).toBeVisible();
    await expect.element(page.getByText('Décrivez votre problème.')).toBeVisible();
    await expect.element(page.getByLabelText('Sujet')).toHaveAttribute('aria-invalid', 'true');
    expect(focused()?.id).toBe('subject');
    await page.getByLabelText('Sujet').fill('Connexion impossible');
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    await expect.element(page.getByText('Décrivez votre problème.')).toBeVisible();
    await expect.element(page.getByText('Indiquez le sujet de votre demande.')).not.toBeInTheDocument();
    await expectAccessible();
    expect(await myTickets(uid)).toBe(0);
  });

  it('should file the ticket with its rich-text description and show the summary with its number', async () => {
    const uid = someone('author');
    await openStep2(uid);
    await page.getByLabelText('Sujet').fill('<b>Connexion</b> impossible');
    await page.getByRole('textbox', { name: 'Description' }).click();
    await userEvent.keyboard('Depuis ce matin ');
    await page.getByRole('button', { name: 'Gras' }).click();
    await userEvent.keyboard('rien ne marche');
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    const summary = page.getByRole('heading', { name: /Votre ticket n°\d+ a été créé\./ });
    await expect.element(summary).toBeVisible();
    expect(focused()).toBe(summary.element());
    const number = Number(/n°(\d+)/.exec(summary.element().textContent)![1]);
    const { ticket } = await gql<{ ticket: { subject: string; status: string; history: { message: string }[] } }>(
      uid,
      'query($id: ID!) { ticket(id: $id) { subject status history { message } } }',
      { id: String(number) },
    );
    expect(ticket.subject).toBe('<b>Connexion</b> impossible');
    expect(ticket.status).toBe('FREE');
    expect(ticket.history[0].message).toMatch(/Depuis ce matin <b>rien ne marche<\/b>/);
    await expect.element(page.getByText('<b>Connexion</b> impossible')).toBeVisible();
    // This person has no address: no receipt is said to be sent.
    await expect.element(page.getByText('Accusé de réception envoyé à')).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('should say which address the receipt went to, and the receipt should be sent there', async () => {
    const uid = someone('receipt');
    const email = `${uid}@etu.univ.example.fr`;
    // Signed in by the ENT portal, whose token carries the person's address.
    const login = await fetch(`/portail/Login?sub=${uid}&name=${uid}&email=${encodeURIComponent(email)}`);
    expect(login.status).toBe(204);
    await openStep2(uid, { 'user-info-api-url': '/portail/api/v5-1/userinfo' });
    await page.getByLabelText('Sujet').fill('Accès à la messagerie');
    await page.getByRole('textbox', { name: 'Description' }).click();
    await userEvent.keyboard('Mot de passe refusé');
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    const summary = page.getByRole('heading', { name: /Votre ticket n°\d+ a été créé\./ });
    await expect.element(summary).toBeVisible();
    const number = /n°(\d+)/.exec(summary.element().textContent)![1];
    const term = page.getByText('Accusé de réception envoyé à', { exact: true });
    await expect.element(term).toBeVisible();
    expect(term.element().tagName).toBe('DT');
    expect(term.element().nextElementSibling?.textContent.trim()).toBe(email);
    await expectAccessible();
    // The development mail catcher (SMTP_URL unset) lists the receipt to that very address.
    await expect
      .poll(
        async () => {
          const list = new DOMParser().parseFromString(await (await fetch('/dev/mail/')).text(), 'text/html');
          return [...list.querySelectorAll('article')]
            .filter((a) => a.querySelector('h2')?.textContent.includes(`n°${number}]`))
            .map((a) => /À : (\S+)/.exec(a.querySelector('p')?.textContent ?? '')?.[1]);
        },
        { timeout: 15_000 },
      )
      .toContain(email);
  });

  it('should send a screenshot pasted into the description as a file of the new ticket', async () => {
    const uid = someone('paste');
    const wizard = await openStep2(uid);
    await page.getByLabelText('Sujet').fill('Écran bleu');
    await page.getByRole('textbox', { name: 'Description' }).click();
    await userEvent.keyboard('Voici la capture.');
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([PNG], 'image.png', { type: 'image/png' }));
    const area = wizard.shadowRoot!.querySelector('helpdesk-editor')!.shadowRoot!.querySelector('.area')!;
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, composed: true, cancelable: true }));
    await expect.element(page.getByRole('listitem').filter({ hasText: 'image.png' })).toBeVisible();
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    const summary = page.getByRole('heading', { name: /Votre ticket n°\d+ a été créé\./ });
    await expect.element(summary).toBeVisible();
    const number = /n°(\d+)/.exec(summary.element().textContent)![1];
    const { ticket } = await gql<{ ticket: { attachments: { filename: string }[] } }>(
      uid,
      'query($id: ID!) { ticket(id: $id) { attachments { filename } } }',
      {
        id: number,
      },
    );
    expect(ticket.attachments.map((a) => a.filename)).toEqual(['image.png']);
  });

  it('should keep what was typed and offer to try again when the server is unreachable', async () => {
    const uid = someone('offline');
    const wizard = await openStep2(uid);
    await page.getByLabelText('Sujet').fill('Imprimante bloquée');
    await page.getByRole('textbox', { name: 'Description' }).click();
    await userEvent.keyboard('Elle clignote.');
    wizard.endpoint = 'http://127.0.0.1:9/graphql';
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    await expect.element(page.getByText(/Le serveur ne répond pas/)).toBeVisible();
    await expect.element(page.getByLabelText('Sujet')).toHaveValue('Imprimante bloquée');
    await expect.element(page.getByRole('textbox', { name: 'Description' })).toHaveTextContent('Elle clignote.');
    await expect.element(page.getByRole('button', { name: 'Créer le ticket' })).toBeEnabled();
    wizard.endpoint = undefined;
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    await expect.element(page.getByRole('heading', { name: /Votre ticket n°\d+ a été créé\./ })).toBeVisible();
    expect(await myTickets(uid)).toBe(1);
  });

  it('should keep the subject, the description and the files when the category changes, and clear an error once corrected', async () => {
    const uid = someone('change');
    const wizard = await openStep2(uid);
    // An error on a field goes as soon as the field is filled.
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    await expect.element(page.getByText('Indiquez le sujet de votre demande.')).toBeVisible();
    await page.getByLabelText('Sujet').fill('Imprimante bloquée');
    await expect.element(page.getByText('Indiquez le sujet de votre demande.')).not.toBeInTheDocument();
    await expect.element(page.getByLabelText('Sujet')).toHaveAttribute('aria-invalid', 'false');
    await expect.element(page.getByText('Décrivez votre problème.')).toBeVisible();
    await page.getByRole('textbox', { name: 'Description' }).click();
    await userEvent.keyboard('Elle clignote.');
    await expect.element(page.getByText('Décrivez votre problème.')).not.toBeInTheDocument();
    await expect.element(page.getByText('Formulaire incomplet : rien n’a été envoyé.')).not.toBeInTheDocument();

    const pick = wizard.shadowRoot!.querySelector('helpdesk-files')!.shadowRoot!.querySelector('#pick')!;
    await userEvent.upload(page.elementLocator(pick), [new File([PNG], 'capture.png', { type: 'image/png' })]);
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.element(page.getByRole('listitem').filter({ hasText: 'capture.png' })).toBeVisible();
    // "Transférer" is disabled now: the focus is on the list of files, not on <body>.
    await expect.poll(() => focused()?.getAttribute('aria-label')).toBe('Fichiers');

    await page.getByRole('button', { name: 'Changer de catégorie' }).click();
    await expect.element(page.getByRole('heading', { name: 'CRÉER UN TICKET : Sélectionner une catégorie (étape 1/2)' })).toBeVisible();
    await page.getByLabelText('Filtrer la liste des catégories').fill('wifi');
    await page.getByRole('button', { name: 'APPLIQUER' }).click();
    await page.getByRole('button', { name: 'DNUM - Wifi' }).click();
    await expect.element(page.getByText('DNUM - Wifi', { exact: true })).toBeVisible();
    await expect.element(page.getByLabelText('Sujet')).toHaveValue('Imprimante bloquée');
    await expect.element(page.getByRole('textbox', { name: 'Description' })).toHaveTextContent('Elle clignote.');
    await expect.element(page.getByRole('listitem').filter({ hasText: 'capture.png' })).toBeVisible();
    await expectAccessible();
    await page.getByRole('button', { name: 'Créer le ticket' }).click();
    const summary = page.getByRole('heading', { name: /Votre ticket n°\d+ a été créé\./ });
    await expect.element(summary).toBeVisible();
    const number = /n°(\d+)/.exec(summary.element().textContent)![1];
    const { ticket } = await gql<{ ticket: { subject: string; category: { path: string }; attachments: { filename: string }[] } }>(
      uid,
      'query($id: ID!) { ticket(id: $id) { subject category { path } attachments { filename } } }',
      { id: number },
    );
    expect(ticket).toEqual({
      subject: 'Imprimante bloquée',
      category: { path: 'DNUM - Wifi' },
      attachments: [{ filename: 'capture.png' }],
    });
  });
});
