import { beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { fileTicket, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { MemberRole } from '../model/catalogue.enums.js';
import { openSession, SESSION_COOKIE } from '../auth/sessions.js';

/** percentile_cont as SQL defines it: linear interpolation between the sorted values. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

const ENDED = ['APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED'];
const OPEN = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED'];

const QUERY = `query($d: ID, $from: DateTime!, $to: DateTime!) { ticketStatistics(departmentId: $d, from: $from, to: $to) {
  created byCategory { key count } byOrigin { key count } byStatus { key count } busiestRequesters { uid name count }
  firstResponseMinutes { median p90 count } resolutionMinutes { median p90 count } spentMinutes reopened backlog { day open } } }`;

interface Stats {
  created: number;
  byStatus: { key: string; count: number }[];
  byCategory: { key: string; count: number }[];
  busiestRequesters: { uid: string; name: string; count: number }[];
  firstResponseMinutes: { median: number | null; p90: number | null; count: number };
  resolutionMinutes: { median: number | null; p90: number | null; count: number };
  reopened: number;
  backlog: { day: string; open: number }[];
}

describe('ticketStatistics', () => {
  const app = useTestApp();
  const s = useScene(app);
  let otherSupervisor: string;
  const from = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  const to = new Date(Date.now() + 3600 * 1000);

  beforeAll(async () => {
    const act = async (uid: string, name: string, args: Record<string, unknown>): Promise<void> => {
      ok(await callAction(app, uid, name, args, 'id'));
    };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Statistique ${i}` }));
    await act(s.manager.uid, 'takeTicket', { ticketId: ids[0] });
    await act(s.manager.uid, 'addComment', { ticketId: ids[0], message: '<p>Je regarde.</p>' });
    await act(s.manager2.uid, 'takeTicket', { ticketId: ids[1] });
    await act(s.manager2.uid, 'refuseTicket', { ticketId: ids[1], message: '<p>Hors périmètre.</p>' });
    await act(s.owner.uid, 'cancelTicket', { ticketId: ids[2] });
    await act(s.owner.uid, 'addComment', { ticketId: ids[3], message: '<p>Précision.</p>' });
    const em = app.em();
    // Requesters enough for the top ten to leave some out: one with 3 tickets, one with 2 (one filed on their
    // behalf by a manager: the owner counts, not the creator), nine with one each.
    const requesters = [];
    for (let i = 0; i < 11; i++) requesters.push(await makeUser(em, undefined, { displayName: `Demandeur ${i}` }));
    for (let i = 0; i < 3; i++) await fileTicket(app, requesters[0].uid, s.category.id);
    await fileTicket(app, requesters[1].uid, s.category.id);
    await fileTicket(app, s.manager.uid, s.category.id, { ownerUid: requesters[1].uid });
    for (const r of requesters.slice(2)) await fileTicket(app, r.uid, s.category.id);
    // History spread over the period's days, so each day's backlog differs: one ticket filed on its first day and
    // cancelled on the next, one filed on its first day and still open.
    const moveTo = async (id: string, type: string, at: Date): Promise<void> => {
      await em.execute('update ticket_event set at = ? where ticket_id = ? and type = ?', [at, Number(id), type]);
      if (type === 'CREATED') await em.execute('update ticket set created_at = ? where id = ?', [at, Number(id)]);
    };
    await moveTo(ids[2], 'CREATED', new Date(from.getTime() + 60_000));
    await moveTo(ids[2], 'CANCELLED', new Date(from.getTime() + 24 * 3600 * 1000));
    await moveTo(ids[4], 'CREATED', new Date(from.getTime() + 60_000));
    const other = await makeDepartment(em);
    const user = await makeUser(em);
    await makeMember(em, other, user, MemberRole.SUPERVISOR);
    otherSupervisor = user.uid;
  });

  it("should give a supervisor their department's figures, equal to counts made independently from the history", async () => {
    const stats = ok(
      await app.gql<{ ticketStatistics: Stats }>(s.supervisor.uid, QUERY, {
        d: String(s.department.id),
        from: from.toISOString(),
        to: to.toISOString(),
      }),
    ).ticketStatistics;
    // The history, read raw, and counted here in JS.
    const events = await app
      .em()
      .execute<
        { ticket_id: number; type: string; at: Date; actor_id: number | null; status_after: string; owner_id: number; created_at: Date }[]
      >(
        `select e.ticket_id, e.type, e.at, e.actor_id, e.status_after, t.owner_id, t.created_at from ticket_event e join ticket t on t.id = e.ticket_id
         where t.department_id = ? order by e.at, e.id`,
        [s.department.id],
      );
    const tickets = new Map<number, typeof events>();
    for (const e of events) tickets.set(e.ticket_id, [...(tickets.get(e.ticket_id) ?? []), e]);
    expect(stats.created).toBe(tickets.size);
    expect(stats.created).toBe(19);
    const lastStatus = [...tickets.values()].map((es) => es[es.length - 1].status_after);
    const byStatus = Object.fromEntries(stats.byStatus.map((c) => [c.key, c.count]));
    for (const status of new Set(lastStatus)) expect(byStatus[status]).toBe(lastStatus.filter((x) => x === status).length);
    expect(stats.byCategory).toEqual([{ key: String(s.category.id), count: 19 }]);
    // The busiest requesters, counted here from the tickets' owners: most first, ties by the first seen, ten at most.
    const owners = await app.em().execute<{ owner_id: number; uid: string; display_name: string }[]>(
      `select t.owner_id, u.uid, u.display_name from ticket t join app_user u on u.id = t.owner_id
         where t.department_id = ? and t.created_at >= ? and t.created_at < ?`,
      [s.department.id, from, to],
    );
    const counted = new Map<number, { uid: string; name: string; count: number }>();
    for (const o of owners) {
      const seen = counted.get(o.owner_id) ?? { uid: o.uid, name: o.display_name, count: 0 };
      counted.set(o.owner_id, { ...seen, count: seen.count + 1 });
    }
    const top = [...counted.entries()].sort(([a, x], [b, y]) => y.count - x.count || a - b).slice(0, 10);
    expect(stats.busiestRequesters).toEqual(top.map(([, r]) => r));
    expect(stats.busiestRequesters.map((r) => r.count)).toEqual([5, 3, 2, 1, 1, 1, 1, 1, 1, 1]);
    expect(stats.busiestRequesters[0]).toEqual({ uid: s.owner.uid, name: s.owner.displayName, count: 5 });
    const minutes = (a: Date, b: Date): number => (new Date(a).getTime() - new Date(b).getTime()) / 60000;
    const responses = [...tickets.values()]
      .map((es) => es.find((e) => e.type !== 'CREATED' && e.actor_id !== null && e.actor_id !== e.owner_id))
      .filter((e) => e !== undefined)
      .map((e) => minutes(e.at, e.created_at));
    expect(stats.firstResponseMinutes.count).toBe(responses.length);
    expect(responses.length).toBe(2);
    expect(stats.firstResponseMinutes.median).toBeCloseTo(percentile(responses, 0.5)!, 3);
    expect(stats.firstResponseMinutes.p90).toBeCloseTo(percentile(responses, 0.9)!, 3);
    const resolutions = [...tickets.values()]
      .map((es) => es.find((e) => ENDED.includes(e.status_after)))
      .filter((e) => e !== undefined)
      .map((e) => minutes(e.at, e.created_at));
    expect(stats.resolutionMinutes.count).toBe(resolutions.length);
    expect(resolutions.length).toBe(2);
    expect(stats.resolutionMinutes.median).toBeCloseTo(percentile(resolutions, 0.5)!, 3);
    expect(stats.reopened).toBe(events.filter((e) => e.type === 'REOPENED').length);
    // The last day's backlog: the tickets whose last status is open.
    expect(stats.backlog.at(-1)).toEqual({ day: to.toISOString().slice(0, 10), open: lastStatus.filter((x) => OPEN.includes(x)).length });
    // Every day's: the tickets created by its end (UTC) whose last entry by then left them open.
    const days: string[] = [];
    for (let day = new Date(from.toISOString().slice(0, 10)); day < to; day = new Date(day.getTime() + 24 * 3600 * 1000))
      days.push(day.toISOString().slice(0, 10));
    const openAt = (end: Date): number =>
      [...tickets.values()].filter((es) => {
        const before = es.filter((e) => new Date(e.at) < end); // ordered by at, then id
        return before.length > 0 && OPEN.includes(before[before.length - 1].status_after);
      }).length;
    const backlog = days.map((day) => ({ day, open: openAt(new Date(new Date(day).getTime() + 24 * 3600 * 1000)) }));
    expect(stats.backlog).toEqual(backlog);
    expect(backlog.slice(0, 2).map((b) => b.open)).toEqual([2, 1]);
  });

  it('should give admins any department, and all of them together', async () => {
    const all = ok(
      await app.gql<{ ticketStatistics: Stats }>(s.admin.uid, QUERY, { from: from.toISOString(), to: to.toISOString() }),
    ).ticketStatistics;
    expect(all.created).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['a supervisor of another department', () => otherSupervisor],
    ['a manager (not a supervisor)', () => s.manager.uid],
    ['the owner', () => s.owner.uid],
  ])('should answer NOT_FOUND to %s, as for a ticket', async (_who, uid) => {
    const result = await app.gql(uid(), QUERY, { d: String(s.department.id), from: from.toISOString(), to: to.toISOString() });
    expect(errorCode(result)).toBe('NOT_FOUND');
  });

  it('should refuse every department together to a supervisor (FORBIDDEN)', async () => {
    expect(errorCode(await app.gql(s.supervisor.uid, QUERY, { from: from.toISOString(), to: to.toISOString() }))).toBe('FORBIDDEN');
  });

  it.each([
    ['a period over 5 years', '2020-01-01T00:00:00Z', '2025-01-03T00:00:00Z'],
    ['an end before the start', '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z'],
    ['an end equal to the start', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z'],
  ])('should refuse %s (BAD_USER_INPUT)', async (_what, f, t) => {
    const result = await app.gql(s.supervisor.uid, QUERY, { d: String(s.department.id), from: f, to: t });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });
});

describe('GET /statistics.csv', () => {
  const app = useTestApp();
  const s = useScene(app);
  const period = { from: new Date(Date.now() - 24 * 3600 * 1000).toISOString(), to: new Date(Date.now() + 3600 * 1000).toISOString() };
  const csv = async (uid: string | null, query: Record<string, string>): Promise<Response> =>
    fetch(`${app.url}/statistics.csv?${new URLSearchParams(query).toString()}`, {
      headers: uid ? { authorization: `Bearer ${await app.token(uid)}` } : {},
    });

  beforeAll(async () => {
    await fileTicket(app, s.owner.uid, s.category.id);
    await fileTicket(app, s.owner.uid, s.category.id);
  });

  it('should give the same figures as CSV to a supervisor', async () => {
    const res = await csv(s.supervisor.uid, { departmentId: String(s.department.id), ...period });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('section,key,label,value');
    expect(lines).toContain('created,,,2');
    expect(lines).toContain('status,FREE,FREE,2');
    expect(lines).toContain(`requester,${s.owner.uid},${s.owner.displayName},2`);
  });

  const code = async (res: Response): Promise<unknown> =>
    ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;

  it('should answer NOT_FOUND for a department one does not run, and BAD_USER_INPUT for a bad period (as /graphql does)', async () => {
    expect(await code(await csv(s.manager.uid, { departmentId: String(s.department.id), ...period }))).toBe('NOT_FOUND');
    expect(await code(await csv(s.supervisor.uid, { departmentId: String(s.department.id), from: period.to, to: period.from }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await code(await csv(s.supervisor.uid, { departmentId: String(s.department.id), from: 'hier', to: period.to }))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await csv(null, { departmentId: String(s.department.id), ...period })).status).toBe(401);
  });

  it('should accept the browser session cookie (CAS, OIDC sign-in), but not from another site', async () => {
    const { token } = await openSession(app.em(), { userId: s.supervisor.id, provider: 'cas', hours: 1 });
    const url = `${app.url}/statistics.csv?${new URLSearchParams({ departmentId: String(s.department.id), ...period }).toString()}`;
    const cookie = `${SESSION_COOKIE}=${token}`;
    const own = await fetch(url, { headers: { cookie } });
    expect(own.status).toBe(200);
    expect((await own.text()).split('\r\n')).toContain('created,,,2');
    expect((await fetch(url, { headers: { cookie, origin: 'https://elsewhere.example' } })).status).toBe(401);
  });
});
