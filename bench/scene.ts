import { randomUUID } from 'node:crypto';
import { contextOf, type RequestContext } from '../server/auth/context.js';
import { MemberRole } from '../server/catalogue/catalogue.enums.js';
import type { Category } from '../server/catalogue/category.entity.js';
import type { Department } from '../server/catalogue/department.entity.js';
import type { RunningApp } from '../server/main.js';
import { fileTicket } from '../server/lifecycle/create.action.js';
import { runAction, runFiling } from '../server/lifecycle/runner.js';
import { take } from '../server/lifecycle/status.actions.js';
import { User } from '../server/user/user.entity.js';
import { loadViewer, type Viewer } from '../server/auth/viewer.js';
import { makeCategory, makeDepartment, makeMember, makeUser } from '../test/factories.js';

/** The people and places of a benchmark: one department, one category, one manager, one owner per client. */
export interface BenchScene {
  department: Department;
  category: Category;
  manager: Viewer;
  owners: Viewer[];
}

/** A request context as the HTTP layer builds it (own EntityManager fork, fresh loaders), minus token checking. */
export function contextFor(app: RunningApp, viewer: Viewer): RequestContext {
  return contextOf(app.orm.em.fork(), viewer, app.events, randomUUID());
}

/** The Viewer of a user, with their memberships, as a signed-in request would see it. */
export async function viewerOf(app: RunningApp, userId: number): Promise<Viewer> {
  const em = app.orm.em.fork();
  return loadViewer(em, await em.findOneOrFail(User, userId));
}

/** Builds the scene through the same services the API uses. */
export async function makeBenchScene(app: RunningApp, owners: number): Promise<BenchScene> {
  const em = app.orm.em.fork();
  const department = await makeDepartment(em);
  const root = await makeCategory(em, department, 'Bench');
  const category = await makeCategory(em, department, 'ENT', root);
  const manager = await makeUser(em, 'bench-manager');
  await makeMember(em, department, manager, MemberRole.MANAGER);
  const ownerUsers = [];
  for (let i = 0; i < owners; i++) ownerUsers.push(await makeUser(em, `bench-owner-${i}`));
  return {
    department,
    category,
    manager: await viewerOf(app, manager.id),
    owners: await Promise.all(ownerUsers.map((u) => viewerOf(app, u.id))),
  };
}

/** Files `count` tickets for `owner` and has the manager take each one (CREATED then TAKEN: IN_PROGRESS). */
export async function takenTickets(app: RunningApp, scene: BenchScene, owner: Viewer, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const message = "<p>Je ne peux plus me connecter à l'ENT depuis ce matin.</p>";
    const input = { categoryId: String(scene.category.id), subject: `Connexion impossible ${i}`, message };
    const ticket = await runFiling(contextFor(app, owner), fileTicket, { input, message });
    await runAction(contextFor(app, scene.manager), take, { ticketId: ticket.id });
    ids.push(ticket.id);
  }
  return ids;
}

/** Adds FREE and IN_PROGRESS tickets (with CREATED and TAKEN entries) by SQL until the database holds `total`. */
export async function fillTickets(app: RunningApp, scene: BenchScene, total: number): Promise<number> {
  const em = app.orm.em.fork();
  const [row] = await em.execute<{ n: string; max: number | null }[]>('select count(*) as n, max(id) as max from ticket');
  const missing = Math.max(0, total - Number(row.n));
  const since = row.max ?? 0;
  const owners = `{${scene.owners.map((o) => o.user.id).join(',')}}`;
  const manager = scene.manager.user.id;
  await em.execute(
    `insert into ticket (subject, status, priority, visibility, origin, owner_id, creator_id, manager_id, category_id, department_id,
                         created_at, updated_at, last_activity_at, spent_minutes, version)
     select 'Problème de messagerie ' || g, case when g % 3 = 0 then 'FREE' else 'IN_PROGRESS' end, 1 + g % 5, 'PRIVATE', 'WEB',
            o.id, o.id, case when g % 3 = 0 then null else ?::int end, ?, ?,
            now() - g * interval '1 minute', now() - g * interval '1 minute', now() - g * interval '1 minute', 0, 1
     from generate_series(1, ?::int) g
     cross join lateral (select (?::int[])[1 + g % array_length(?::int[], 1)] as id) o`,
    [manager, scene.category.id, scene.department.id, missing, owners, owners],
  );
  // The status always equals the last entry's: CREATED (FREE), then TAKEN for the ones in progress.
  await em.execute(
    `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
     select t.id, 'CREATED', t.created_at, t.owner_id, null, 'FREE', '<p>Je ne reçois plus mes courriels.</p>', 'EVERYONE', '[]', false
     from ticket t where t.id > ? order by t.id`,
    [since],
  );
  await em.execute(
    `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
     select t.id, 'TAKEN', t.created_at, ?, 'FREE', 'IN_PROGRESS', null, 'PARTICIPANTS', '[]', false
     from ticket t where t.id > ? and t.status = 'IN_PROGRESS' order by t.id`,
    [manager, since],
  );
  await em.execute('analyze');
  const [after] = await em.execute<{ n: string }[]>('select count(*) as n from ticket');
  return Number(after.n);
}
