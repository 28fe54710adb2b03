import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { expectAccessible, focused, gql, mount, someone, tokenFor } from '../../test/browser.js';
import type { HelpdeskStatistics } from './statistics-screen.js';

const STATS = `query($d: ID, $from: DateTime!, $to: DateTime!) { ticketStatistics(departmentId: $d, from: $from, to: $to) {
  created reopened spentMinutes byCategory { key label count } byOrigin { key count } byStatus { key count }
  firstResponseMinutes { median p90 count } resolutionMinutes { median p90 count } backlog { day open } } }`;

interface Stats {
  created: number;
  reopened: number;
  spentMinutes: number;
  byCategory: { key: string; label: string; count: number }[];
  byOrigin: { key: string; count: number }[];
  byStatus: { key: string; count: number }[];
  firstResponseMinutes: { median: number | null; p90: number | null; count: number };
  resolutionMinutes: { median: number | null; p90: number | null; count: number };
  backlog: { day: string; open: number }[];
}

const DAY = 24 * 3600 * 1000;
const utcDay = (offset: number): string => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
/** "31/01/2026", as the screen writes a day in French. */
const frDay = (day: string): string => new Date(`${day}T00:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'UTC' });

/** Counts by key, as the test makes them from what it did. */
const tally = (keys: string[]): Record<string, number> => keys.reduce<Record<string, number>>((n, k) => ((n[k] = (n[k] ?? 0) + 1), n), {});
const byKey = (counts: { key: string; count: number }[]): Record<string, number> => Object.fromEntries(counts.map((c) => [c.key, c.count]));

/** Each chart of the screen: its title, its SVG's summary, and its table's caption, headers and rows. */
function charts(element: HTMLElement) {
  return [...element.shadowRoot!.querySelectorAll('figure')].map((figure) => ({
    title: figure.querySelector('figcaption')?.textContent.trim(),
    svg: figure.querySelector('svg[role="img"]')?.getAttribute('aria-label'),
    caption: figure.querySelector('table caption')?.textContent.trim(),
    headers: [...figure.querySelectorAll('thead th[scope="col"]')].map((th) => th.textContent.trim()),
    rows: [...figure.querySelectorAll('tbody tr')].map((tr) => [
      tr.querySelector('th')!.textContent.trim(),
      Number(tr.querySelector('td')!.textContent),
    ]),
  }));
}

describe('<helpdesk-statistics>', () => {
  const supervisor = someone('stat-sup');
  const manager = someone('stat-mgr');
  const owners = [someone('stat-a'), someone('stat-b'), someone('stat-c')];
  const label = `Service statistique ${someone('')}`;
  let departmentId = '';
  const categories: Record<'A' | 'B', string> = { A: '', B: '' };
  // What the test did, to count independently of the server.
  const filed: { category: 'A' | 'B'; origin: string; status: string }[] = [];
  const spent = 30;
  const labels = new Map<string, string>();

  beforeAll(async () => {
    for (const uid of [supervisor, manager, ...owners]) await gql(uid, '{ me { id } }');
    const code = `ST${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    departmentId = (
      await gql<{ createDepartment: { id: string } }>(
        'admin',
        'mutation($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
        {
          i: { code, label },
        },
      )
    ).createDepartment.id;
    for (const key of ['A', 'B'] as const)
      categories[key] = (
        await gql<{ createCategory: { id: string } }>('admin', 'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id } }', {
          i: { departmentId, label: `Catégorie ${key} ${code}` },
        })
      ).createCategory.id;
    for (const [uid, role] of [
      [supervisor, 'SUPERVISOR'],
      [manager, 'MANAGER'],
    ])
      await gql('admin', 'mutation($i: DepartmentMemberInput!) { saveDepartmentMember(input: $i) { id } }', {
        i: { departmentId, uid, role },
      });

    const file = async (uid: string, category: 'A' | 'B', extra: Record<string, unknown> = {}): Promise<string> => {
      const input = { categoryId: categories[category], subject: `Statistique ${filed.length}`, message: '<p>Bonjour</p>', ...extra };
      const { createTicket } = await gql<{ createTicket: { id: string } }>(
        uid,
        'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
        { input },
      );
      return createTicket.id;
    };
    const act = (uid: string, mutation: string, args: string, variables: Record<string, unknown>) =>
      gql(uid, `mutation($t: ID!, $m: String!) { ${mutation}(ticketId: $t${args}) { id } }`, variables);

    const t1 = await file(owners[0], 'A');
    await gql(manager, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: t1 });
    await act(manager, 'addComment', ', message: $m', { t: t1, m: '<p>Je regarde.</p>' });
    await gql(manager, 'mutation($t: ID!, $n: Int) { updateTicket(ticketId: $t, input: { spentMinutes: $n }) { id } }', {
      t: t1,
      n: spent,
    });
    filed.push({ category: 'A', origin: 'WEB', status: 'IN_PROGRESS' });

    const t2 = await file(owners[1], 'A');
    await gql(manager, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: t2 });
    await act(manager, 'refuseTicket', ', message: $m', { t: t2, m: '<p>Hors périmètre.</p>' });
    await act(supervisor, 'reopenTicket', ', message: $m', { t: t2, m: '<p>Finalement, si.</p>' });
    filed.push({ category: 'A', origin: 'WEB', status: 'IN_PROGRESS' });

    const t3 = await file(owners[0], 'B');
    await gql(owners[0], 'mutation($t: ID!) { cancelTicket(ticketId: $t) { id } }', { t: t3 });
    filed.push({ category: 'B', origin: 'WEB', status: 'CANCELLED' });

    await file(manager, 'A', { ownerUid: owners[2], origin: 'PHONE' });
    filed.push({ category: 'A', origin: 'PHONE', status: 'FREE' });
    await file(owners[1], 'B');
    filed.push({ category: 'B', origin: 'WEB', status: 'FREE' });

    const { labels: words } = await gql<{ labels: { kind: string; key: string; text: string }[] }>(
      supervisor,
      '{ labels(lang: "fr") { kind key text } }',
    );
    for (const l of words) labels.set(`${l.kind}:${l.key}`, l.text);
  });

  afterEach(() => vi.restoreAllMocks());

  /** The screen as the supervisor, showing yesterday to tomorrow (UTC days): every ticket filed above. */
  async function showFigures(): Promise<{ element: HelpdeskStatistics; stats: Stats; range: { from: string; to: string } }> {
    const element = await mount<HelpdeskStatistics>('helpdesk-statistics', { token: await tokenFor(supervisor) });
    await expect.element(page.getByRole('combobox', { name: 'Service' })).toHaveValue(departmentId);
    await page.getByLabelText('Du', { exact: true }).fill(utcDay(-1));
    await page.getByLabelText('Au (inclus)', { exact: true }).fill(utcDay(1));
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.element(page.getByRole('heading', { name: `Du ${frDay(utcDay(-1))} au ${frDay(utcDay(1))} — ${label}` })).toBeVisible();
    await expect.element(page.getByRole('definition').first()).toBeVisible();
    const range = { from: `${utcDay(-1)}T00:00:00.000Z`, to: `${utcDay(2)}T00:00:00.000Z` };
    const { ticketStatistics: stats } = await gql<{ ticketStatistics: Stats }>(supervisor, STATS, { d: departmentId, ...range });
    return { element, stats, range };
  }

  it("should show a supervisor their department's figures, equal to ticketStatistics and to counts made from the tickets filed", async () => {
    const { element, stats } = await showFigures();
    const root = element.shadowRoot!;
    const text = (selector: string) => root.querySelector(selector)?.textContent.trim();

    // The server's figures equal what this test did.
    const categoryLabel = Object.fromEntries(stats.byCategory.map((c) => [c.key, c.label]));
    expect(byKey(stats.byCategory)).toEqual(tally(filed.map((f) => categories[f.category])));
    expect(byKey(stats.byOrigin)).toEqual(tally(filed.map((f) => f.origin)));
    expect(byKey(stats.byStatus)).toEqual(tally(filed.map((f) => f.status)));
    expect([stats.created, stats.reopened, stats.spentMinutes]).toEqual([filed.length, 1, spent]);
    expect(stats.firstResponseMinutes.count).toBe(2); // taken: the first two; the third was cancelled by its owner
    expect(stats.resolutionMinutes.count).toBe(2); // refused (then reopened), cancelled
    expect(stats.backlog.map((b) => b.open)).toEqual([0, 4, 4]);

    // The screen shows the same numbers.
    expect([text('#created'), text('#reopened')]).toEqual([String(filed.length), '1']);
    expect(root.querySelector('#spent data')?.getAttribute('value')).toBe(String(spent));
    expect(text('#spent')?.replace(/\s/g, ' ')).toBe('30 min');
    const delays = [...root.querySelectorAll('#delays tbody tr')].map((tr) => [...tr.querySelectorAll('td')]);
    for (const [row, figure] of [
      [delays[0], stats.firstResponseMinutes],
      [delays[1], stats.resolutionMinutes],
    ] as const) {
      expect(row.slice(0, 2).map((td) => td.querySelector('data')?.getAttribute('value'))).toEqual([
        String(figure.median),
        String(figure.p90),
      ]);
      expect(row[2].textContent.trim()).toBe(String(figure.count));
    }
    const [category, origin, status, backlog] = charts(element);
    expect(category.rows).toEqual(stats.byCategory.map((c) => [categoryLabel[c.key], c.count]));
    expect(origin.rows).toEqual(stats.byOrigin.map((c) => [labels.get(`origin:${c.key}`), c.count]));
    expect(status.rows).toEqual(stats.byStatus.map((c) => [c.key === 'INCOMPLETE' ? 'Incomplet' : labels.get(`status:${c.key}`), c.count]));
    expect(backlog.rows).toEqual(stats.backlog.map((b) => [frDay(b.day), b.open]));
    await expectAccessible();
  });

  it('should give each chart an SVG image with a summary and a table of the same numbers, and fit a 390 px phone', async () => {
    const { element } = await showFigures();
    const shown = charts(element);
    expect(shown.map((c) => c.title)).toEqual([
      'Tickets créés par catégorie',
      'Tickets créés par origine',
      'Tickets créés, par statut actuel',
      'Tickets ouverts en fin de journée (UTC)',
    ]);
    for (const chart of shown) {
      expect(chart.caption).toBe(chart.title);
      expect(chart.headers).toHaveLength(2);
      expect(chart.rows.length).toBeGreaterThan(0);
      // The image's name says the numbers its table holds.
      expect(chart.svg).toContain(chart.title);
      for (const [, n] of chart.rows.slice(-1)) expect(chart.svg).toContain(String(n));
    }
    expect(shown[0].svg).toContain(`${filed.length} au total`);
    await page.getByText('Tableau des données').first().click();
    await expect.element(page.getByRole('table', { name: 'Tickets créés par catégorie' })).toBeVisible();

    await page.viewport(390, 844);
    try {
      await expect.element(page.getByRole('button', { name: 'Télécharger (CSV)' })).toBeVisible();
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(390);
      const right = Math.max(...[...element.shadowRoot!.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right));
      expect(right).toBeLessThanOrEqual(390.5);
      await expectAccessible();
    } finally {
      await page.viewport(1280, 900);
    }
  });

  it('should download the same figures as CSV, through the bearer token', async () => {
    const { stats } = await showFigures();
    const blobs: Blob[] = [];
    const names: string[] = [];
    const create = URL.createObjectURL.bind(URL);
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob: Blob | MediaSource) => (blobs.push(blob as Blob), create(blob)));
    // The link is clicked on, not followed: the test reads the file instead of the browser saving it.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    await page.getByRole('button', { name: 'Télécharger (CSV)' }).click();
    await expect.poll(() => blobs.length).toBe(1);
    expect(names).toEqual([`statistiques-${utcDay(-1)}-${utcDay(1)}.csv`]);
    const rows = (await blobs[0].text())
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const value = (section: string, key = '') => rows.find((r) => r[0] === section && r[1] === key)?.[3];
    expect(rows[0]).toEqual(['section', 'key', 'label', 'value']);
    expect([value('created'), value('reopened'), value('spentMinutes')]).toEqual(
      [stats.created, stats.reopened, stats.spentMinutes].map(String),
    );
    expect(rows.filter((r) => r[0] === 'category').map((r) => [r[1], r[2], Number(r[3])])).toEqual(
      stats.byCategory.map((c) => [c.key, c.label, c.count]),
    );
    expect(rows.filter((r) => r[0] === 'origin').map((r) => [r[1], Number(r[3])])).toEqual(stats.byOrigin.map((c) => [c.key, c.count]));
    expect(rows.filter((r) => r[0] === 'status').map((r) => [r[1], Number(r[3])])).toEqual(stats.byStatus.map((c) => [c.key, c.count]));
    expect(rows.filter((r) => r[0] === 'backlog').map((r) => [r[1], Number(r[3])])).toEqual(stats.backlog.map((b) => [b.day, b.open]));
    for (const section of ['firstResponseMinutes', 'resolutionMinutes'] as const)
      expect(['median', 'p90', 'count'].map((k) => value(section, k))).toEqual(
        [stats[section].median, stats[section].p90, stats[section].count].map(String),
      );
  });

  it('should refuse in the form a period that ends before it starts, or lasts over 5 years, and send nothing', async () => {
    const { element } = await showFigures();
    const heading = element.shadowRoot!.querySelector('#figures-heading')!.textContent;
    const requests = vi.spyOn(XMLHttpRequest.prototype, 'send');
    await page.getByLabelText('Du', { exact: true }).fill('2026-03-10');
    await page.getByLabelText('Au (inclus)', { exact: true }).fill('2026-03-01');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.element(page.getByText('La fin de la période doit être après son début.')).toBeVisible();
    await expect.element(page.getByLabelText('Au (inclus)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    expect(focused()?.id).toBe('to');

    await page.getByLabelText('Du', { exact: true }).fill('2020-01-01');
    await page.getByLabelText('Au (inclus)', { exact: true }).fill('2025-01-31');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.element(page.getByText('La période ne peut pas dépasser 5 ans.')).toBeVisible();
    expect(requests).not.toHaveBeenCalled();
    expect(element.shadowRoot!.querySelector('#figures-heading')!.textContent).toBe(heading);
    await expectAccessible();
  });

  it('should say in plain words why the server refused (NOT_FOUND once no longer supervisor), for the figures and the CSV, in English too', async () => {
    const former = someone('stat-former');
    await gql(former, '{ me { id } }');
    await gql('admin', 'mutation($i: DepartmentMemberInput!) { saveDepartmentMember(input: $i) { id } }', {
      i: { departmentId, uid: former, role: 'SUPERVISOR' },
    });
    const { users } = await gql<{ users: { id: string; uid: string }[] }>('admin', 'query($s: String!) { users(search: $s) { id uid } }', {
      s: former,
    });
    await mount('helpdesk-statistics', { token: await tokenFor(former), lang: 'en' });
    await expect.element(page.getByRole('heading', { name: 'Statistics', level: 2 })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Download (CSV)' })).toBeVisible();
    await gql('admin', 'mutation($d: ID!, $u: ID!) { removeDepartmentMember(departmentId: $d, userId: $u) }', {
      d: departmentId,
      u: users.find((u) => u.uid === former)!.id,
    });
    await page.getByRole('button', { name: 'Download (CSV)' }).click();
    const refused = 'This department cannot be found, or you are not one of its supervisors.';
    await expect.element(page.getByText(refused)).toBeVisible();
    await page.getByRole('button', { name: 'This month' }).click();
    await expect.element(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect.element(page.getByText(refused)).toBeVisible();
    await expectAccessible();
  });

  it('should offer the Statistiques tab to supervisors and admins only; admins choose all departments or one', async () => {
    await mount('helpdesk-portlet', { token: await tokenFor('gestionnaire') });
    await expect.element(page.getByRole('button', { name: 'Tickets du service' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Statistiques' })).not.toBeInTheDocument();

    await mount('helpdesk-portlet', { token: await tokenFor(supervisor) });
    await page.getByRole('button', { name: 'Statistiques' }).click();
    await expect.element(page.getByRole('heading', { name: 'Statistiques', level: 2 })).toBeVisible();
    await expect.element(page.getByRole('option', { name: label })).toBeInTheDocument();
    await expect.element(page.getByRole('option', { name: 'Tous les services' })).not.toBeInTheDocument();

    await mount('helpdesk-portlet', { token: await tokenFor('admin') });
    await page.getByRole('button', { name: 'Statistiques' }).click();
    await expect.element(page.getByRole('combobox', { name: 'Service' })).toHaveValue('');
    await expect.element(page.getByRole('option', { name: 'Tous les services' })).toBeInTheDocument();
    await expect.element(page.getByRole('option', { name: label })).toBeInTheDocument();
    await expect.element(page.getByRole('heading', { name: /— Tous les services$/ })).toBeVisible();
    await expectAccessible();
  });
});
