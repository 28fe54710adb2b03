import { describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeDepartment, makeMember, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { countQueries } from '../../test/query-count.js';
import { AssignmentMode, MemberRole } from '../model/catalogue.enums.js';

const MEMBERS = `query { departments { id members { id role available alert user { id uid displayName } department { id } } } }`;
const UPDATE_MINE =
  'mutation($d: ID!, $a: Boolean, $al: AlertPreference) { updateMyMembership(departmentId: $d, available: $a, alert: $al) { id available alert role user { uid } department { id } } }';

interface MemberNode {
  id: string;
  role: string;
  available: boolean;
  alert: string;
  user: { id: string; uid: string; displayName: string };
  department: { id: string };
}

describe('department members', () => {
  const app = useTestApp();
  const scene = useScene(app);
  const other = useScene(app);

  async function membersOf(uid: string, departmentId: number): Promise<MemberNode[]> {
    const data = ok(await app.gql<{ departments: { id: string; members: MemberNode[] }[] }>(uid, MEMBERS));
    return data.departments.find((d) => d.id === String(departmentId))?.members ?? [];
  }

  /** Every membership row, to prove a refused call wrote nothing. */
  async function memberships(): Promise<unknown[]> {
    return app.em().execute('select id, department_id, user_id, role, available, alert from department_member order by id');
  }

  describe('Department.members', () => {
    it("should list the department's members by name, each with their user, for its supervisor", async () => {
      const members = await membersOf(scene.supervisor.uid, scene.department.id);
      const expected = [scene.manager, scene.manager2, scene.supervisor]
        .map((u) => ({ id: String(u.id), uid: u.uid, displayName: u.displayName }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
      expect(members.map((m) => m.user)).toEqual(expected);
      expect(members.find((m) => m.user.uid === scene.supervisor.uid)).toMatchObject({
        role: 'SUPERVISOR',
        available: true,
        alert: 'ALL',
        department: { id: String(scene.department.id) },
      });
    });

    it('should show the same list to its managers and to admins', async () => {
      const bySupervisor = await membersOf(scene.supervisor.uid, scene.department.id);
      expect(await membersOf(scene.manager.uid, scene.department.id)).toEqual(bySupervisor);
      expect(await membersOf(scene.admin.uid, scene.department.id)).toEqual(bySupervisor);
    });

    it('should give everyone else an empty list: owners, strangers, members of another department', async () => {
      await fileTicket(app, scene.owner.uid, scene.category.id);
      for (const uid of [scene.owner.uid, scene.stranger.uid, other.supervisor.uid, other.manager.uid]) {
        expect(await membersOf(uid, scene.department.id), uid).toEqual([]);
      }
    });

    it('should let a supervisor pick a manager from the list and assign a ticket with that user id', async () => {
      const ticketId = await fileTicket(app, scene.owner.uid, scene.category.id);
      const picked = (await membersOf(scene.supervisor.uid, scene.department.id)).find((m) => m.user.uid === scene.manager2.uid)!;
      const data = ok(
        await app.gql<{ assignTicket: { status: string; manager: { uid: string } } }>(
          scene.supervisor.uid,
          'mutation($t: ID!, $m: ID!) { assignTicket(ticketId: $t, managerId: $m) { status manager { uid } } }',
          { t: ticketId, m: picked.user.id },
        ),
      );
      expect(data.assignTicket).toEqual({ status: 'IN_PROGRESS', manager: { uid: scene.manager2.uid } });
    });

    it('should cost the same number of queries for one department as for a page of them', async () => {
      const count = (): Promise<number> => countQueries(app, async () => ok(await app.gql(scene.admin.uid, MEMBERS)));
      const before = await count();
      const em = app.em();
      for (let i = 0; i < 4; i++) {
        const department = await makeDepartment(em);
        for (let j = 0; j < 3; j++) await makeMember(em, department, await makeUser(em, unique('m')), MemberRole.MANAGER);
      }
      const after = await count();
      expect(before).toBeGreaterThan(0);
      expect(after).toBe(before);
    });
  });

  describe('updateMyMembership', () => {
    it('should let a member set their own availability and alerts, and keep what is not given', async () => {
      const d = String(scene.department.id);
      const data = ok(
        await app.gql<{ updateMyMembership: MemberNode }>(scene.manager.uid, UPDATE_MINE, { d, a: false, al: 'MY_CATEGORIES' }),
      );
      expect(data.updateMyMembership).toMatchObject({
        available: false,
        alert: 'MY_CATEGORIES',
        role: 'MANAGER',
        user: { uid: scene.manager.uid },
        department: { id: d },
      });
      ok(await app.gql(scene.manager.uid, UPDATE_MINE, { d, al: 'NONE' }));
      const [row] = await app
        .em()
        .execute<{ available: boolean; alert: string }[]>(
          'select available, alert from department_member where department_id = ? and user_id = ?',
          [scene.department.id, scene.manager.id],
        );
      expect(row).toEqual({ available: false, alert: 'NONE' });
      // The supervisor sees the change in the members list.
      const listed = (await membersOf(scene.supervisor.uid, scene.department.id)).find((m) => m.user.uid === scene.manager.uid);
      expect(listed).toMatchObject({ available: false, alert: 'NONE' });
      ok(await app.gql(scene.manager.uid, UPDATE_MINE, { d, a: true, al: 'ALL' }));
    });

    it('should show a member the categories their MY_CATEGORIES alerts are about', async () => {
      const em = app.em();
      const second = await makeCategory(em, scene.department, unique('Alertes '));
      ok(
        await app.gql(scene.supervisor.uid, 'mutation($input: DepartmentMemberInput!) { saveDepartmentMember(input: $input) { id } }', {
          input: {
            departmentId: String(scene.department.id),
            uid: scene.manager2.uid,
            categoryIds: [String(second.id), String(scene.category.id)],
          },
        }),
      );
      ok(await app.gql(scene.manager2.uid, UPDATE_MINE, { d: String(scene.department.id), al: 'MY_CATEGORIES' }));
      const mine = ok(
        await app.gql<{ viewer: { memberships: { alert: string; categories: { id: string; path: string }[] }[] } }>(
          scene.manager2.uid,
          '{ viewer { memberships { alert categories { id path } } } }',
        ),
      ).viewer.memberships;
      expect(mine).toHaveLength(1);
      expect(mine[0].alert).toBe('MY_CATEGORIES');
      expect(mine[0].categories.map((c) => c.id).sort()).toEqual([String(second.id), String(scene.category.id)].sort());
    });

    it('should take an unavailable member out of automatic assignment', async () => {
      const em = app.em();
      const department = await makeDepartment(em, { assignmentMode: AssignmentMode.FIRST });
      const category = await makeCategory(em, department);
      const [first, second] = [await makeUser(em, unique('a-first')), await makeUser(em, unique('b-second'))];
      await makeMember(em, department, first);
      await makeMember(em, department, second);
      ok(await app.gql(first.uid, UPDATE_MINE, { d: String(department.id), a: false }));
      const ticketId = await fileTicket(app, scene.owner.uid, category.id);
      const ticket = ok(
        await app.gql<{ ticket: { manager: { uid: string } | null } }>(
          scene.owner.uid,
          'query($id: ID!) { ticket(id: $id) { manager { uid } } }',
          {
            id: ticketId,
          },
        ),
      ).ticket;
      expect(ticket.manager?.uid).toBe(second.uid);
    });

    it('should answer NOT_FOUND, exactly as for a missing department, where the caller is not a member, and write nothing', async () => {
      const hidden = await makeDepartment(app.em(), { enabled: false });
      const before = await memberships();
      const missing = await app.gql(scene.owner.uid, UPDATE_MINE, { d: '999999', a: false });
      expect(missing.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
      const attempts: [string, string][] = [
        [scene.owner.uid, String(scene.department.id)], // not staff at all
        [other.supervisor.uid, String(scene.department.id)], // supervisor elsewhere
        [scene.admin.uid, String(scene.department.id)], // admins run departments, but have no membership to set
        [scene.manager.uid, String(other.department.id)], // another department
        [scene.manager.uid, String(hidden.id)], // a disabled department
        [scene.manager.uid, 'abc'], // not an id
        [scene.manager.uid, '-1'],
      ];
      for (const [uid, d] of attempts) {
        const result = await app.gql(uid, UPDATE_MINE, { d, a: false, al: 'NONE' });
        expect(result.data ?? null, `${uid} on ${d}`).toBeNull();
        expect(
          result.errors?.map((e) => ({ message: e.message, extensions: e.extensions })),
          `${uid} on ${d}`,
        ).toEqual(missing.errors?.map((e) => ({ message: e.message, extensions: e.extensions })));
      }
      expect(await memberships()).toEqual(before);
    });
  });
});
