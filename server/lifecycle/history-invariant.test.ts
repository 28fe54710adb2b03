import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { type GqlResult } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';
import { AssignmentMode } from '../model/catalogue.enums.js';
import type { Category } from '../model/category.entity.js';
import { Department } from '../model/department.entity.js';
import type { User } from '../model/user.entity.js';

/**
 * docs/domain.md ("Ticket"): "The ticket's status always equals the status after its last history entry", and every
 * action writes exactly one entry. A long seeded random walk of actions by many actors checks both.
 */

const KNOWN_CODES = ['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'INVALID_TRANSITION'];

interface EventRow {
  id: string;
  ticket_id: number;
  type: string;
  actor_id: number | null;
  status_before: string | null;
  status_after: string;
}
interface State {
  status: string;
  manager_id: number | null;
  version: number;
  events: number;
  allEvents: number;
  invitations: number;
  watchers: number;
}

/** mulberry32: a tiny seeded PRNG, so a failing walk can be replayed exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('history invariant', () => {
  const app = useTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  const s = useScene(app);
  let a2: Category;
  let b1: Category;
  let bm: User;
  let guest: User;

  beforeAll(async () => {
    const em = app.em();
    a2 = await makeCategory(em, await em.findOneOrFail(Department, s.department.id), 'Messagerie');
    const b = await makeDepartment(em, { assignmentMode: AssignmentMode.FIRST });
    b1 = await makeCategory(em, b, 'Accueil');
    bm = await makeUser(em);
    await makeMember(em, b, bm);
    guest = await makeUser(em);
  });

  const call = (uid: string, name: string, args: Record<string, unknown>): Promise<GqlResult<{ r: { id: string; status: string } }>> =>
    callAction<{ id: string; status: string }>(app, uid, name, args, 'id status');

  async function state(ticketId: string): Promise<State> {
    const [row] = await app.em().execute<
      {
        status: string;
        manager_id: number | null;
        version: number;
        events: string;
        all_events: string;
        invitations: string;
        watchers: string;
      }[]
    >(
      `select t.status, t.manager_id, t.version,
        (select count(*) from ticket_event e where e.ticket_id = t.id) as events,
        (select count(*) from ticket_event) as all_events,
        (select count(*) from invitation) as invitations,
        (select count(*) from watcher) as watchers
       from ticket t where t.id = ?`,
      [Number(ticketId)],
    );
    const r = row;
    return {
      status: r.status,
      manager_id: r.manager_id,
      version: r.version,
      events: Number(r.events),
      allEvents: Number(r.all_events),
      invitations: Number(r.invitations),
      watchers: Number(r.watchers),
    };
  }
  const newEvents = (ticketId: string, after: number): Promise<EventRow[]> =>
    app
      .em()
      .execute<EventRow[]>(
        'select id, ticket_id, type, actor_id, status_before, status_after from ticket_event where ticket_id = ? order by id offset ?',
        [Number(ticketId), after],
      );

  /** Checks the invariant on every ticket in the database. */
  async function checkAllHistories(): Promise<number> {
    const tickets = await app.em().execute<{ id: number; status: string }[]>('select id, status from ticket order by id');
    const events = await app
      .em()
      .execute<EventRow[]>('select id, ticket_id, type, actor_id, status_before, status_after from ticket_event order by id');
    const byTicket = new Map<number, EventRow[]>();
    for (const e of events) byTicket.set(e.ticket_id, [...(byTicket.get(e.ticket_id) ?? []), e]);
    for (const t of tickets) {
      const history = byTicket.get(t.id) ?? [];
      expect(history.length, `ticket ${t.id}`).toBeGreaterThan(0);
      expect([history[0].type, history[0].status_before, history[0].status_after], `ticket ${t.id} starts with CREATED`).toEqual([
        'CREATED',
        null,
        'FREE',
      ]);
      for (let i = 1; i < history.length; i++) {
        expect(history[i].status_before, `ticket ${t.id} entry ${i} (${history[i].type})`).toBe(history[i - 1].status_after);
      }
      expect(t.status, `ticket ${t.id} status`).toBe(history.at(-1)!.status_after);
    }
    return tickets.length;
  }

  it('should keep every status equal to its last entry, chained entries, and one entry per accepted action over a seeded random walk', async () => {
    const random = prng(20261128);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const actors = [s.owner, s.manager, s.manager2, s.supervisor, s.stranger, guest, bm];

    // Creation: one entry, or two when the category's department assigns automatically.
    const tickets: string[] = [];
    for (const [category, visibility] of [
      [s.category, 'PRIVATE'],
      [s.category, 'PUBLIC'],
      [a2, 'PRIVATE'],
      [s.category, 'PRIVATE'],
      [b1, 'PRIVATE'],
    ] as const) {
      const before = Number((await app.em().execute<{ n: string }[]>('select count(*) as n from ticket_event'))[0].n);
      const id = await fileTicket(app, s.owner.uid, category.id, { visibility });
      const added = await newEvents(id, 0);
      expect(Number((await app.em().execute<{ n: string }[]>('select count(*) as n from ticket_event'))[0].n) - before).toBe(added.length);
      if (category === b1) {
        expect(added.map((e) => [e.type, e.actor_id, e.status_after])).toEqual([
          ['CREATED', s.owner.id, 'FREE'],
          ['ASSIGNED', null, 'IN_PROGRESS'],
        ]);
      } else {
        expect(added.map((e) => [e.type, e.actor_id, e.status_after])).toEqual([['CREATED', s.owner.id, 'FREE']]);
      }
      tickets.push(id);
    }

    const message = (i: number): string => (random() < 0.08 ? pick(['', '<p></p>', '  ']) : `<p>Étape ${i}</p>`);
    const plans: Record<string, (i: number) => [string, Record<string, unknown>]> = {
      take: () => ['takeTicket', {}],
      assign: () => ['assignTicket', { managerId: String(pick([s.manager, s.manager2, s.supervisor, s.stranger, bm]).id) }],
      free: () => ['freeTicket', {}],
      requestInformation: (i) => ['requestInformation', { message: message(i) }],
      comment: (i) => ['addComment', { message: message(i) }],
      staffNote: (i) => ['addComment', { message: message(i), visibility: 'STAFF' }],
      postpone: () => ['postponeTicket', { until: new Date(Date.now() + (random() < 0.9 ? 1 : -1) * 86_400_000).toISOString() }],
      recall: () => ['recallTicket', {}],
      requestClosure: (i) => ['requestClosure', { message: message(i) }],
      close: () => ['closeTicket', {}],
      approve: () => ['approveClosure', {}],
      refuseClosure: (i) => ['refuseClosure', { message: message(i) }],
      cancel: () => ['cancelTicket', {}],
      refuse: (i) => ['refuseTicket', { message: message(i) }],
      reopen: (i) => ['reopenTicket', { message: message(i) }],
      move: () => ['moveTicket', { categoryId: String(pick([s.category, a2, b1]).id) }],
      invite: () => [
        'inviteUser',
        { user: pick([guest.uid, guest.email!.toUpperCase(), s.stranger.uid, s.manager2.uid, s.owner.uid, 'inconnu']) },
      ],
      removeInvitation: () => ['removeInvitation', { userId: String(pick([guest, s.stranger, s.manager2]).id) }],
      watch: () => ['watchTicket', {}],
      unwatch: () => ['unwatchTicket', {}],
      update: (i) => [
        'updateTicket',
        {
          input: pick([
            { subject: `Sujet ${i}` },
            { priority: 1 + Math.floor(random() * 5) },
            { spentMinutes: i },
            { origin: 'PHONE' },
            { visibility: 'PUBLIC' },
          ]),
        },
      ],
    };
    const names = Object.keys(plans);

    let accepted = 0;
    let refused = 0;
    const log: string[] = [];
    // Most of the time the actor is one the action is meant for, so the walk goes deep into the lifecycle.
    const OWNER_PLANS = ['close', 'approve', 'refuseClosure', 'cancel', 'reopen', 'comment', 'invite'];
    const TM_PLANS = ['free', 'requestInformation', 'postpone', 'recall', 'requestClosure', 'refuse', 'update', 'staffNote'];
    const likely = (plan: string, managerId: number | null): User => {
      if (OWNER_PLANS.includes(plan)) return s.owner;
      if (TM_PLANS.includes(plan)) return actors.find((u) => u.id === managerId) ?? s.manager;
      if (plan === 'assign' || plan === 'move' || plan === 'removeInvitation') return s.supervisor;
      return pick([s.manager, s.manager2, bm]);
    };
    for (let i = 0; i < 300; i++) {
      const ticketId = pick(tickets);
      const plan = pick(names);
      const [mutation, args] = plans[plan](i);
      const before = await state(ticketId);
      const actor = random() < 0.6 ? likely(plan, before.manager_id) : pick(actors);
      const result = await call(actor.uid, mutation, { ticketId, ...args });
      const after = await state(ticketId);
      const where = `step ${i}: ${actor.uid} ${mutation} ${JSON.stringify(args)} on #${ticketId} (${before.status})`;
      const error = result.errors?.[0];
      if (error) {
        refused += 1;
        expect(KNOWN_CODES, `${where} → ${JSON.stringify(error)}`).toContain(error.extensions?.code);
        expect(after, `${where} was refused but changed something`).toEqual(before);
        continue;
      }
      accepted += 1;
      log.push(`${where} → ${result.data!.r.status}`);
      const added = await newEvents(ticketId, before.events);
      expect(after.allEvents - before.allEvents, `${where}: entries added elsewhere`).toBe(added.length);
      if (plan === 'watch' || plan === 'unwatch') {
        expect(added, where).toEqual([]);
        expect(Math.abs(after.watchers - before.watchers), where).toBe(1);
      } else if (plan === 'move' && added.length === 2) {
        // Auto-assignment by the target department: a system entry right after the move.
        expect(
          added.map((e) => [e.type, e.actor_id]),
          where,
        ).toEqual([
          ['MOVED', actor.id],
          ['ASSIGNED', null],
        ]);
      } else {
        expect(
          added.map((e) => e.actor_id),
          where,
        ).toEqual([actor.id]);
      }
      expect(added[0]?.status_before ?? before.status, where).toBe(before.status);
      expect(after.status, where).toBe(added.at(-1)?.status_after ?? before.status);
      expect(result.data!.r.status, where).toBe(after.status);
    }

    // A walk that mostly bounced off refusals would prove little.
    expect(accepted, log.join('\n')).toBeGreaterThanOrEqual(40);
    expect(refused).toBeGreaterThanOrEqual(30);
    expect(await checkAllHistories()).toBeGreaterThanOrEqual(tickets.length);
  }, 120_000);

  it('should find the invariant broken when a status is changed behind the history', async () => {
    // The check above must be able to fail: a status written without an entry breaks it.
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await app.em().execute(`update ticket set status = 'IN_PROGRESS' where id = ?`, [Number(id)]);
    await expect(checkAllHistories()).rejects.toThrow(/status/);
    await app.em().execute(`update ticket set status = 'FREE' where id = ?`, [Number(id)]);
    await expect(checkAllHistories()).resolves.toBeGreaterThan(0);
  });
});
