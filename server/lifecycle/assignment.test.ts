import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useTestApp } from '../../test/fixture.js';
import { AssignmentMode, MemberRole } from '../model/catalogue.enums.js';
import type { Category } from '../model/category.entity.js';
import type { User } from '../model/user.entity.js';

/** Automatic assignment at creation (docs/lifecycle.md, "Actions"): NONE, FIRST, ROUND_ROBIN, LEAST_LOADED among available members. */

interface Row {
  id: number;
  status: string;
  manager_id: number | null;
}
interface EventRow {
  type: string;
  actor_id: number | null;
  status_before: string | null;
  status_after: string;
  changes: unknown;
}

interface Desk {
  category: Category;
  /** Members in ascending user id. */
  members: User[];
}

describe('automatic assignment', () => {
  const app = useTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  let owner: User;

  beforeAll(async () => {
    owner = await makeUser(app.em());
  });

  /**
   * A department in `mode` whose members have ascending user ids; `available` says which may receive
   * tickets. Members are added in reverse id order so that insertion order never passes for id order.
   */
  async function desk(mode: AssignmentMode, available: boolean[], categoryMode: AssignmentMode | null = null): Promise<Desk> {
    const em = app.em();
    const department = await makeDepartment(em, { assignmentMode: mode });
    const category = await makeCategory(em, department);
    if (categoryMode) {
      category.assignmentMode = categoryMode;
      await em.flush();
    }
    const members: User[] = [];
    for (let i = 0; i < available.length; i++) members.push(await makeUser(em));
    for (let i = available.length - 1; i >= 0; i--) {
      await makeMember(em, department, members[i], i === 0 ? MemberRole.SUPERVISOR : MemberRole.MANAGER, available[i]);
    }
    expect(members.map((m) => m.id)).toEqual([...members.map((m) => m.id)].sort((a, b) => a - b));
    return { category, members };
  }

  const file = (category: Category): Promise<string> => fileTicket(app, owner.uid, category.id);
  async function row(id: string): Promise<Row> {
    const [r] = await app.em().execute<Row[]>('select id, status, manager_id from ticket where id = ?', [Number(id)]);
    return r;
  }
  const events = (id: string): Promise<EventRow[]> =>
    app
      .em()
      .execute<EventRow[]>(
        'select type, actor_id, status_before, status_after, changes from ticket_event where ticket_id = ? order by id',
        [Number(id)],
      );
  const managers = async (ids: string[]): Promise<(number | null)[]> => Promise.all(ids.map(async (id) => (await row(id)).manager_id));

  it('should leave a ticket FREE with only its CREATED entry when the mode is NONE', async () => {
    const { category } = await desk(AssignmentMode.NONE, [true, true]);
    const id = await file(category);
    expect(await row(id)).toMatchObject({ status: 'FREE', manager_id: null });
    expect((await events(id)).map((e) => e.type)).toEqual(['CREATED']);
  });

  it('should give the ticket to the available member with the lowest user id in FIRST mode, with an ASSIGNED entry by nobody', async () => {
    const { category, members } = await desk(AssignmentMode.FIRST, [true, true, true]);
    for (let i = 0; i < 2; i++) {
      const id = await file(category);
      expect(await row(id)).toMatchObject({ status: 'IN_PROGRESS', manager_id: members[0].id });
      expect(await events(id)).toEqual([
        expect.objectContaining({ type: 'CREATED', status_before: null, status_after: 'FREE' }),
        {
          type: 'ASSIGNED',
          actor_id: null,
          status_before: 'FREE',
          status_after: 'IN_PROGRESS',
          changes: [{ property: 'manager', before: null, after: members[0].displayName }],
        },
      ]);
    }
  });

  it('should skip unavailable members in FIRST mode', async () => {
    const { category, members } = await desk(AssignmentMode.FIRST, [false, false, true, true]);
    const id = await file(category);
    expect(await row(id)).toMatchObject({ status: 'IN_PROGRESS', manager_id: members[2].id });
  });

  it('should stay FREE when no member is available', async () => {
    for (const mode of [AssignmentMode.FIRST, AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_LOADED]) {
      const { category } = await desk(mode, [false, false]);
      const id = await file(category);
      expect(await row(id), mode).toMatchObject({ status: 'FREE', manager_id: null });
      expect((await events(id)).map((e) => e.type)).toEqual(['CREATED']);
    }
  });

  it('should cycle through the available members in ROUND_ROBIN mode, skipping unavailable ones', async () => {
    const { category, members } = await desk(AssignmentMode.ROUND_ROBIN, [true, false, true, true]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await file(category));
    const [a, , c, d] = members.map((m) => m.id);
    expect(await managers(ids)).toEqual([a, c, d, a, c]);
  });

  it('should pick up the turn after a member who became unavailable in ROUND_ROBIN mode', async () => {
    const { category, members } = await desk(AssignmentMode.ROUND_ROBIN, [true, true, true]);
    const [a, b, c] = members.map((m) => m.id);
    const first = await file(category);
    await app.em().execute('update department_member set available = false where user_id = ?', [b]);
    const second = await file(category);
    const third = await file(category);
    expect(await managers([first, second, third])).toEqual([a, c, a]);
  });

  it('should give the ticket to the available member with the fewest open tickets in LEAST_LOADED mode', async () => {
    const { category, members } = await desk(AssignmentMode.LEAST_LOADED, [true, true, true, false]);
    const [a, b, c, idle] = members.map((m) => m.id);
    // Load by hand: a has 2 open, b 1 open and 3 ended, c 1 open; the unavailable member has none.
    const load = async (manager: number, status: string): Promise<void> => {
      const id = await file(category);
      await app.em().execute('update ticket set manager_id = ?, status = ? where id = ?', [manager, status, Number(id)]);
    };
    await load(a, 'IN_PROGRESS');
    await load(a, 'POSTPONED');
    await load(b, 'INCOMPLETE');
    for (let i = 0; i < 3; i++) await load(b, 'APPROVED');
    await load(c, 'IN_PROGRESS');
    await load(c, 'REFUSED');
    // b and c tie at one open ticket: the lowest id wins; then c; then a three-way tie at 2 → a.
    const next = await file(category);
    expect(await row(next)).toMatchObject({ status: 'IN_PROGRESS', manager_id: b });
    const then = await file(category);
    expect((await row(then)).manager_id).toBe(c);
    const third = await file(category);
    expect((await row(third)).manager_id).toBe(a);
    expect([a, b, c]).not.toContain(idle);
  });

  it("should let a category's mode override its department's", async () => {
    const assigned = await desk(AssignmentMode.NONE, [true, true], AssignmentMode.FIRST);
    const a = await file(assigned.category);
    expect(await row(a)).toMatchObject({ status: 'IN_PROGRESS', manager_id: assigned.members[0].id });

    const manual = await desk(AssignmentMode.FIRST, [true, true], AssignmentMode.NONE);
    const b = await file(manual.category);
    expect(await row(b)).toMatchObject({ status: 'FREE', manager_id: null });

    const turns = await desk(AssignmentMode.FIRST, [true, true], AssignmentMode.ROUND_ROBIN);
    const ids = [await file(turns.category), await file(turns.category)];
    expect(await managers(ids)).toEqual(turns.members.map((m) => m.id));
  });

  it('should spread ten tickets filed at once evenly in ROUND_ROBIN mode, every one of them accepted', async () => {
    const { category, members } = await desk(AssignmentMode.ROUND_ROBIN, [true, true, true]);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => file(category)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const counts = new Map(members.map((m) => [m.id, 0]));
    for (const manager of await managers(ids)) counts.set(manager!, (counts.get(manager!) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(members.map((m) => m.id).sort());
    const values = [...counts.values()];
    expect(values.reduce((x, y) => x + y, 0)).toBe(10);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    // Each of them got its ASSIGNED entry.
    const [assigned] = await app
      .em()
      .execute<{ n: string }[]>(
        `select count(*) as n from ticket_event where type = 'ASSIGNED' and actor_id is null and ticket_id = any(?::int[])`,
        [`{${ids.join(',')}}`],
      );
    expect(Number(assigned.n)).toBe(10);
  });
});
