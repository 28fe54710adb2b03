import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { ensureDatabase } from '../../server/db/database.js';
import { migrateDatabase } from '../../server/db/orm.js';
import { startApp, type RunningApp } from '../../server/main.js';
import { dropDatabase } from '../global-setup.js';
import { exited, freePort, isRunning, ROOT, tail } from '../processes.js';

/**
 * docs/operations.md, "Upgrades": the previous release's server runs, for reads and writes, on a
 * database this release migrated, beside this release's server. The previous release is UPGRADE_FROM
 * (a commit), else the first-parent parent of the last commit that changed the migrations' list.
 */
function previousRelease(): string {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  if (process.env.UPGRADE_FROM) return git('rev-parse', '--verify', `${process.env.UPGRADE_FROM}^{commit}`);
  const [lastChange] = git('log', '--first-parent', '--format=%H', '-n', '1', '--', 'server/db/migrations/index.ts').split('\n');
  if (!lastChange)
    throw new Error('no commit changed server/db/migrations/index.ts: the history is too shallow (fetch it, or set UPGRADE_FROM)');
  return git('rev-parse', '--verify', `${lastChange}^1`);
}

interface OldServer {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** The previous release's sources, from Git, beside this checkout's node_modules, run from its sources. */
async function startPrevious(commit: string, folder: string, databaseUrl: string): Promise<OldServer> {
  execFileSync('sh', ['-c', `git archive --format=tar ${commit} server package.json tsconfig.json | tar -x -C "${folder}"`], { cwd: ROOT });
  await symlink(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'));
  const port = await freePort();
  let output = '';
  const { NODE_ENV: _test, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/main.ts'], {
    cwd: folder,
    env: {
      ...inherited,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_MODE: 'dev',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      TIMER_INTERVAL_SECONDS: '0',
      FILES_DIR: path.join(folder, 'files'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw new Error(`the previous release exited:\n${tail(output)}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, url, output: () => output };
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`the previous release did not become ready:\n${tail(output)}`);
}

async function gql<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function devToken(url: string, uid: string): Promise<string> {
  const res = await fetch(`${url}/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uid }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('upgrade: the previous release on the database this release migrated', () => {
  const adminUrl = inject('dbAdminUrl');
  const name = `t_upgrade_${randomBytes(4).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  let folder = '';
  let old: OldServer | undefined;
  let current: RunningApp | undefined;
  const commit = previousRelease();

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-previous-'));
    await ensureDatabase(adminUrl, name);
    // This release's migrations first, as the release's migration job runs them before the old pods go.
    await migrateDatabase(databaseUrl);
    old = await startPrevious(commit, folder, databaseUrl);
  }, 150_000);

  afterAll(async () => {
    if (old && isRunning(old.child)) {
      old.child.kill('SIGTERM');
      await exited(old.child);
    }
    await current?.stop();
    await dropDatabase(adminUrl, name);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it(`should read and write through the previous release (${commit.slice(0, 10)}), and read its writes with this one`, async () => {
    const url = old!.url;
    const alice = await devToken(url, 'alice');
    const manager = await devToken(url, 'gestionnaire');
    // Read path: the catalogue, a list, a ticket with its history.
    const { categories } = await gql<{ categories: { id: string; path: string }[] }>(
      url,
      alice,
      '{ categories(filter: "ENT") { id path } }',
    );
    // The demo's ENT category, in DNUM, where `gestionnaire` is a manager.
    const ent = categories.find((c) => c.path === 'DNUM - ENT');
    expect(ent).toBeDefined();
    // Write path: file, comment, take.
    const { createTicket } = await gql<{ createTicket: { id: string } }>(
      url,
      alice,
      'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
      { input: { categoryId: ent!.id, subject: 'Écrit par la version précédente', message: '<p>Bonjour</p>' } },
    );
    await gql(url, alice, 'mutation($id: ID!) { addComment(ticketId: $id, message: "<p>Un ajout</p>") { id } }', { id: createTicket.id });
    await gql(url, manager, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id status } }', { id: createTicket.id });
    const read = await gql<{ ticket: { subject: string; status: string; history: { type: string }[] } }>(
      url,
      alice,
      'query($id: ID!) { ticket(id: $id) { subject status history { type } } }',
      { id: createTicket.id },
    );
    expect(read.ticket).toMatchObject({ subject: 'Écrit par la version précédente', status: 'IN_PROGRESS' });
    expect(read.ticket.history.map((h) => h.type)).toEqual(['CREATED', 'COMMENTED', 'TAKEN']);
    const list = await gql<{ tickets: { edges: { node: { id: string } }[] } }>(
      url,
      manager,
      '{ tickets(first: 25) { edges { node { id } } } }',
    );
    expect(list.tickets.edges.map((e) => e.node.id)).toContain(createTicket.id);

    // This release, on the same database at the same time, reads what the old one wrote and writes on.
    current = await startApp(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        TIMER_INTERVAL_SECONDS: '0',
        DATABASE_URL: databaseUrl,
        FILES_DIR: path.join(folder, 'files-current'),
      }),
    );
    const aliceNow = await current.devIssuer!.sign({ uid: 'alice', name: 'Alice' });
    const now = await gql<{ ticket: { history: { type: string }[] } }>(
      current.url,
      aliceNow,
      'query($id: ID!) { ticket(id: $id) { history { type } } }',
      { id: createTicket.id },
    );
    expect(now.ticket.history.map((h) => h.type)).toEqual(['CREATED', 'COMMENTED', 'TAKEN']);
    await gql(current.url, aliceNow, 'mutation($id: ID!) { addComment(ticketId: $id, message: "<p>Par la nouvelle</p>") { id } }', {
      id: createTicket.id,
    });
    // And the old one reads what the new one wrote.
    const back = await gql<{ ticket: { history: { type: string }[] } }>(
      url,
      alice,
      'query($id: ID!) { ticket(id: $id) { history { type } } }',
      { id: createTicket.id },
    );
    expect(back.ticket.history.map((h) => h.type)).toEqual(['CREATED', 'COMMENTED', 'TAKEN', 'COMMENTED']);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const migrations = await client
      .query<{ name: string }>('select name from mikro_orm_migrations order by id desc limit 1')
      .finally(() => client.end());
    expect(migrations.rows[0].name).toMatch(/^Migration/);
  }, 120_000);
});
