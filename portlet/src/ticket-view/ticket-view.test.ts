import { describe, expect, it, onTestFinished } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { categoryId, expectAccessible, fileTicket, focused, gql, mount, someone, tokenFor } from '../../test/browser.js';

interface Seen {
  status: string;
  invitees: { uid: string }[];
  history: { type: string; message: string | null }[];
}
const read = async (uid: string, number: number): Promise<Seen> =>
  (
    await gql<{ ticket: Seen }>(uid, 'query($id: ID!) { ticket(id: $id) { status invitees { uid } history { type message } } }', {
      id: String(number),
    })
  ).ticket;
const act = (uid: string, mutation: string, number: number) =>
  gql(uid, `mutation($id: ID!) { ${mutation} { id } }`, { id: String(number) });

/** A ticket of a new owner in DNUM - ENT, taken by the demo manager and, if asked, closed by them (awaiting approval). */
async function scene(closed: boolean): Promise<{ owner: string; number: number }> {
  const owner = someone('owner');
  const number = await fileTicket(owner, 'Connexion impossible');
  await act('gestionnaire', 'takeTicket(ticketId: $id)', number);
  if (closed) await act('gestionnaire', 'requestClosure(ticketId: $id, message: "Videz le cache.")', number);
  return { owner, number };
}

/** The GraphQL requests the page sends from now on, as sent to the real server (only watched, never changed). */
function watchRequests(): { operationName: string; variables: Record<string, unknown> }[] {
  const sent: { operationName: string; variables: Record<string, unknown> }[] = [];
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    if (typeof body === 'string') sent.push(JSON.parse(body) as (typeof sent)[number]);
    send.call(this, body);
  };
  onTestFinished(() => {
    XMLHttpRequest.prototype.send = send;
  });
  return sent;
}

const view = async (uid: string, number: number, extra: Record<string, string> = {}) =>
  mount('helpdesk-ticket-view', { ticket: String(number), token: await tokenFor(uid), ...extra });

describe('<helpdesk-ticket-view>', () => {
  it('should show the ticket as the guide does, with its tabs working by keyboard', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, '<script>alert(1)</script> Connexion impossible');
    await view(owner, number);
    await expect.element(page.getByRole('heading', { name: `TICKET n°${number}` })).toBeVisible();
    await expect.element(page.getByText('<script>alert(1)</script> Connexion impossible')).toBeVisible();
    await expect.element(page.getByText('Libre', { exact: true })).toBeVisible();
    await expect.element(page.getByText('DNUM - ENT', { exact: true })).toBeVisible();
    await expect.element(page.getByText('aucun', { exact: true })).toBeVisible();
    await expect.element(page.getByRole('tab', { name: 'Historique' })).toHaveAttribute('aria-selected', 'true');
    await expect.element(page.getByText('Création du ticket')).toBeVisible();
    await expectAccessible();

    await page.getByRole('tab', { name: 'Historique' }).click();
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(page.getByRole('tab', { name: 'Propriétés' })).toHaveAttribute('aria-selected', 'true');
    expect(focused()?.textContent.trim()).toBe('Propriétés');
    await userEvent.keyboard('{End}');
    await expect.element(page.getByRole('tab', { name: 'Surveillance du ticket' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    await expect.element(page.getByRole('tabpanel', { name: 'Fichiers attachés' })).toBeVisible();
    await expect.element(page.getByText('Aucun fichier attaché.')).toBeVisible();
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(page.getByText('Aucun utilisateur invité.')).toBeVisible();
    await expect.element(page.getByRole('tab', { name: 'Derniers tickets du propriétaire' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('should follow a change made elsewhere live and announce the new status', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, 'En direct');
    await view(owner, number);
    await expect.element(page.getByText('Libre', { exact: true })).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the subscription opens (graphql-ws handshake)
    await act('gestionnaire', 'takeTicket(ticketId: $id)', number);
    await expect.element(page.getByText('En cours', { exact: true })).toBeVisible();
    await expect.element(page.getByRole('status').filter({ hasText: 'Statut du ticket : En cours' })).toBeInTheDocument();
    await expect.element(page.getByText('Prise en charge')).toBeVisible();
  });

  it('should offer in ACTIONS only what the server allows, and follow the menu pattern by keyboard', async () => {
    const { owner, number } = await scene(false);
    await view(owner, number);
    const menu = page.getByRole('button', { name: 'ACTIONS', exact: true });
    await expect.element(menu).toHaveAttribute('aria-expanded', 'false');
    (menu.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(menu).toHaveAttribute('aria-expanded', 'true');
    const items = page
      .getByRole('menuitem')
      .elements()
      .map((e) => e.textContent.trim());
    expect(items).toContain('Ajouter commentaire');
    expect(items).toContain('Annuler');
    expect(items).toContain('Imprimer');
    expect(items).not.toContain('Prendre en charge');
    expect(items).not.toContain('Approuver');
    expect(focused()?.textContent.trim()).toBe(items[0]);
    await userEvent.keyboard('{End}');
    expect(focused()?.textContent.trim()).toBe('Imprimer');
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()?.textContent.trim()).toBe(items[0]);
    await expectAccessible();
    await userEvent.keyboard('{Escape}');
    await expect.element(menu).toHaveAttribute('aria-expanded', 'false');
    expect(focused()).toBe(menu.element());
  });

  it('should ask for a confirmation before cancelling, and cancel', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, 'Plus besoin');
    await view(owner, number);
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Annuler' }).click();
    await expect.element(page.getByRole('dialog')).toBeVisible();
    await expect.element(page.getByText('Voulez-vous vraiment annuler ce ticket ?', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'Fermer' }).click();
    expect((await read(owner, number)).status).toBe('FREE');
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByText('Annulé', { exact: true })).toBeVisible();
    expect((await read(owner, number)).status).toBe('CANCELLED');
  });

  it('should require a justification to refuse a closure, send nothing without it, then refuse', async () => {
    const { owner, number } = await scene(true);
    await view(owner, number);
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Refuser clôture' }).click();
    await expect.element(page.getByRole('heading', { name: `Refuser clôture — TICKET n°${number}` })).toBeVisible();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByRole('textbox', { name: 'Justification' })).toHaveAttribute('aria-invalid', 'true');
    expect((await read(owner, number)).status).toBe('CLOSED');
    await expectAccessible();
    await page.getByRole('textbox', { name: 'Justification' }).click();
    await userEvent.keyboard('Toujours en panne');
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(page.getByText('En cours', { exact: true })).toBeVisible();
    await expect.element(page.getByRole('status').filter({ hasText: 'Statut du ticket : En cours' })).toBeInTheDocument();
    const seen = await read(owner, number);
    expect(seen.status).toBe('IN_PROGRESS');
    expect(seen.history.at(-1)?.type).toBe('CLOSURE_REFUSED');
    expect(seen.history.at(-1)?.message).toContain('Toujours en panne');
  });

  it("should ask what the action's declaration says: a required question and, for staff, acting without mail", async () => {
    const { owner, number } = await scene(false);
    const sent = watchRequests();
    await view('gestionnaire', number);
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await page.getByRole('menuitem', { name: "Demander un complément d'information" }).click();
    const silent = page.getByRole('checkbox', { name: 'Sans envoyer de courriel' });
    await expect.element(silent).not.toBeChecked();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible();
    await page.getByRole('textbox', { name: 'Message' }).click();
    await userEvent.keyboard('Quel navigateur ?');
    await silent.click();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    expect((await read(owner, number)).status).toBe('INCOMPLETE');
    expect(sent.find((r) => r.operationName === 'RequestInformation')?.variables.silent).toBe(true);

    // The owner's closing: an optional message, and no silence to choose (closeTicket takes none).
    await view(owner, number);
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Clôturer mon ticket' }).click();
    await expect.element(page.getByRole('textbox', { name: 'Message (facultatif)' })).toBeVisible();
    await expect.element(page.getByRole('checkbox')).not.toBeInTheDocument();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByText('Clos / approuvé', { exact: true })).toBeVisible();
  });

  it('should open the approval form from a mail link (action=approve) and approve the closure', async () => {
    const { owner, number } = await scene(true);
    await view(owner, number, { action: 'approve' });
    await expect.element(page.getByRole('heading', { name: `Approuver — TICKET n°${number}` })).toBeVisible();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByText('Clos / approuvé', { exact: true })).toBeVisible();
    expect((await read(owner, number)).status).toBe('APPROVED');
  });

  it('should say so when a mail link asks for an action the ticket no longer allows', async () => {
    const { owner, number } = await scene(false);
    await view(owner, number, { action: 'approve' });
    await expect.element(page.getByText('Cette action n’est plus possible sur ce ticket.')).toBeVisible();
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
  });

  it('should invite a user by uid from the Invités tab', async () => {
    const { owner, number } = await scene(false);
    const guest = someone('guest');
    await tokenFor(guest);
    await gql(guest, '{ me { uid } }');
    await view(owner, number);
    await page.getByRole('tab', { name: 'Invités' }).click();
    await page.getByRole('button', { name: 'Inviter un utilisateur' }).click();
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByLabelText('Utilisateur', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabelText('Utilisateur', { exact: true }).fill(guest);
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.element(page.getByText(`(${guest})`)).toBeVisible();
    expect((await read(owner, number)).invitees.map((u) => u.uid)).toEqual([guest]);
    await expectAccessible();
  });

  it('should speak English with lang="en", the server words included', async () => {
    const owner = someone('owner');
    const number = await fileTicket(owner, 'Printer');
    await view(owner, number, { lang: 'en' });
    await expect.element(page.getByRole('heading', { name: `TICKET no. ${number}` })).toBeVisible();
    await expect.element(page.getByText('Free', { exact: true })).toBeVisible();
    await expect.element(page.getByRole('tab', { name: 'History' })).toBeVisible();
    await expect.element(page.getByText('Ticket created')).toBeVisible();
  });

  it('should say the same for an unknown ticket and for a ticket one may not read', async () => {
    const number = await fileTicket(someone('other'), 'Secret');
    await view(someone('stranger'), number);
    await expect.element(page.getByText('Ce ticket n’existe pas ou vous n’y avez pas accès.')).toBeVisible();
    await expectAccessible();
    await view(someone('stranger'), 999_999_999);
    await expect.element(page.getByText('Ce ticket n’existe pas ou vous n’y avez pas accès.')).toBeVisible();
  });
  it("should show, in the history, the service a ticket came through ('via <name>')", async () => {
    const owner = someone('owner');
    await gql(owner, '{ me { id } }');
    const { departments } = await gql<{ departments: { id: string; code: string }[] }>('admin', '{ departments { id code } }');
    const name = someone('Apogée ');
    const { createServiceAccount } = await gql<{ createServiceAccount: { key: string } }>(
      'admin',
      'mutation($i: ServiceAccountInput!) { createServiceAccount(input: $i) { key } }',
      { i: { name, scopes: ['TICKETS_CREATE'], departmentIds: [departments.find((d) => d.code === 'DNUM')!.id] } },
    );
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${createServiceAccount.key}` },
      body: JSON.stringify({
        query: 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { number } }',
        variables: { i: { categoryId: await categoryId('DNUM - ENT'), subject: 'Inscription', message: '<p>x</p>', ownerUid: owner } },
      }),
    });
    const { data } = (await res.json()) as { data: { createTicket: { number: number } } };
    await view(owner, data.createTicket.number);
    await expect.element(page.getByText(`(via ${name})`)).toBeVisible();
  });

  it("should word things from the reader's side: staff's Incomplet, two closures apart, history lines as sentences, Origine for staff", async () => {
    const { owner, number } = await scene(false);
    const guest = someone('guest');
    await gql(guest, '{ me { uid } }');
    await gql(owner, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', { id: String(number), u: guest });
    await act('gestionnaire', 'requestInformation(ticketId: $id, message: "Quel navigateur ?")', number);

    await view('gestionnaire', number);
    await expect.element(page.getByText('Incomplet (en attente du propriétaire)', { exact: true })).toBeVisible();
    await expect.element(page.getByText(`${guest} invité`)).toBeVisible();
    await expect.element(page.getByText(/Invité : aucun/)).not.toBeInTheDocument();
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await expect.element(page.getByRole('menuitem', { name: 'Demander la clôture' })).toBeVisible();
    await expect.element(page.getByRole('menuitem', { name: 'Clore' })).not.toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    await page.getByRole('tab', { name: 'Propriétés' }).click();
    await expect.element(page.getByRole('tabpanel', { name: 'Propriétés' }).getByText('Web', { exact: true })).toBeVisible();
    await expectAccessible();

    await view(owner, number);
    await expect.element(page.getByText('Incomplet (en attente de votre réponse)', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'ACTIONS', exact: true }).click();
    await expect.element(page.getByRole('menuitem', { name: 'Clôturer mon ticket' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    // The origin is the department's bookkeeping (the API gives the owner none): no empty "Origine" line.
    await page.getByRole('tab', { name: 'Propriétés' }).click();
    await expect.element(page.getByRole('tabpanel', { name: 'Propriétés' }).getByText('Priorité')).toBeVisible();
    await expect.element(page.getByRole('tabpanel', { name: 'Propriétés' }).getByText('Origine')).not.toBeInTheDocument();
  });

  it("should write a file added as a sentence and the recall date in the browser's time zone, like other dates", async () => {
    const { number } = await scene(false);
    const until = '2031-07-01T22:05:00.000Z';
    await gql('gestionnaire', 'mutation($id: ID!, $u: DateTime!) { postponeTicket(ticketId: $id, until: $u) { id } }', {
      id: String(number),
      u: until,
    });
    await view('gestionnaire', number);
    const local = new Date(until).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
    await expect.element(page.getByText(`Date de rappel : aucun → ${local}`)).toBeVisible();
    // The server words it in Paris time ("02/07/2031 00:05"): shown only where the browser is in Paris too.
    if (Intl.DateTimeFormat().resolvedOptions().timeZone !== 'Europe/Paris') {
      await expect.element(page.getByText('02/07/2031 00:05', { exact: false })).not.toBeInTheDocument();
    }

    await page.getByRole('tab', { name: 'Fichiers attachés' }).click();
    const pick = document
      .querySelector('helpdesk-ticket-view')!
      .shadowRoot!.querySelector('helpdesk-files')!
      .shadowRoot!.querySelector('#pick')!;
    await userEvent.upload(page.elementLocator(pick), [new File(['ligne 1'], 'journal.txt', { type: 'text/plain' })]);
    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect.element(page.getByRole('link', { name: 'journal.txt' })).toBeVisible();
    // "Transférer" is disabled again: the focus went to the files' panel, not to <body>.
    await expect.poll(() => focused()?.id).toBe('panel-attachments');
    await page.getByRole('tab', { name: 'Historique' }).click();
    await expect.element(page.getByText('Fichier ajouté : journal.txt')).toBeVisible();
    await expect.element(page.getByText(/Fichier : aucun/)).not.toBeInTheDocument();
  });
});
