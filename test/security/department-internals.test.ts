import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket } from '../factories.js';
import { useScene, useTestApp } from '../fixture.js';
import { ok } from '../harness.js';

/**
 * A department's internals — its alert addresses (the department's and its categories') and its
 * members list — are for its own staff and for admins (docs/api.md, "What a viewer may read"). Everyone else
 * reads null and an empty list, by every path that reaches a Department or a Category.
 */

const DEPARTMENT = 'id alertEmail members { user { uid } }';
const CATEGORY = `id alertEmail department { ${DEPARTMENT} }`;
/** Every way to reach the department and its category. */
const PATHS = {
  departments: `{ departments { ${DEPARTMENT} categories { ${CATEGORY} } } }`,
  categories: `{ categories { ${CATEGORY} } }`,
  ticket: `query($id: ID!) { ticket(id: $id) { department { ${DEPARTMENT} } category { ${CATEGORY} } } }`,
  viewerMemberships: `{ viewer { memberships { department { ${DEPARTMENT} } } } }`,
};

interface DepartmentNode {
  id: string;
  alertEmail: string | null;
  members: { user: { uid: string } }[];
}
interface CategoryNode {
  id: string;
  alertEmail: string | null;
  department: DepartmentNode;
}

describe("a department's alert addresses and members are for its staff and admins", () => {
  const app = useTestApp();
  const scene = useScene(app);
  const other = useScene(app);
  let ticketId: string;
  let departmentEmail: string;
  let categoryEmail: string;

  beforeAll(async () => {
    departmentEmail = `alertes-${scene.department.code.toLowerCase()}@univ.example.fr`;
    categoryEmail = `ent-${scene.department.code.toLowerCase()}@univ.example.fr`;
    ok(
      await app.gql(
        scene.supervisor.uid,
        'mutation($id: ID!, $e: String) { updateDepartment(id: $id, input: { alertEmail: $e }) { id } }',
        {
          id: String(scene.department.id),
          e: departmentEmail,
        },
      ),
    );
    ok(
      await app.gql(scene.supervisor.uid, 'mutation($id: ID!, $e: String) { updateCategory(id: $id, input: { alertEmail: $e }) { id } }', {
        id: String(scene.category.id),
        e: categoryEmail,
      }),
    );
    // PUBLIC, so that every viewer below can reach the department through the ticket too.
    ticketId = await fileTicket(app, scene.owner.uid, scene.category.id, { visibility: 'PUBLIC' });
  });

  /** What `uid` reads of the scene's department and category, by each path that reaches them. */
  async function seen(uid: string): Promise<{ departments: DepartmentNode[]; categories: CategoryNode[]; raw: string }> {
    const departments: DepartmentNode[] = [];
    const categories: CategoryNode[] = [];
    const raw: string[] = [];
    const mine = (d: DepartmentNode | undefined): void => {
      if (d && d.id === String(scene.department.id)) departments.push(d);
    };
    const mineCategory = (c: CategoryNode | undefined): void => {
      if (c && c.id === String(scene.category.id)) categories.push(c);
      mine(c?.department);
    };
    const all = ok(await app.gql<{ departments: (DepartmentNode & { categories: CategoryNode[] })[] }>(uid, PATHS.departments));
    for (const d of all.departments) {
      mine(d);
      d.categories.forEach(mineCategory);
    }
    const cats = ok(await app.gql<{ categories: CategoryNode[] }>(uid, PATHS.categories));
    cats.categories.forEach(mineCategory);
    const t = ok(await app.gql<{ ticket: { department: DepartmentNode; category: CategoryNode } }>(uid, PATHS.ticket, { id: ticketId }));
    mine(t.ticket.department);
    mineCategory(t.ticket.category);
    const v = ok(await app.gql<{ viewer: { memberships: { department: DepartmentNode }[] } }>(uid, PATHS.viewerMemberships));
    v.viewer.memberships.forEach((m) => mine(m.department));
    raw.push(JSON.stringify([all, cats, t, v]));
    return { departments, categories, raw: raw.join('') };
  }

  const outsiders: [string, () => string][] = [
    ['the owner of one of its tickets', () => scene.owner.uid],
    ['a signed-in stranger', () => scene.stranger.uid],
    ["another department's supervisor", () => other.supervisor.uid],
    ["another department's manager", () => other.manager.uid],
  ];
  const insiders: [string, () => string][] = [
    ['its manager', () => scene.manager.uid],
    ['its supervisor', () => scene.supervisor.uid],
    ['an admin', () => scene.admin.uid],
  ];

  for (const [label, uid] of outsiders) {
    it(`should show ${label} no alert address and no member, by any path`, async () => {
      const view = await seen(uid());
      expect(view.departments.length).toBeGreaterThanOrEqual(3);
      expect(view.categories.length).toBeGreaterThanOrEqual(3);
      for (const d of view.departments) expect({ alertEmail: d.alertEmail, members: d.members }).toEqual({ alertEmail: null, members: [] });
      for (const c of view.categories) expect(c.alertEmail).toBeNull();
      expect(view.raw).not.toContain(departmentEmail);
      expect(view.raw).not.toContain(categoryEmail);
      expect(view.raw).not.toContain(scene.manager2.uid);
    });
  }

  for (const [label, uid] of insiders) {
    it(`should show ${label} both alert addresses and the members, by every path`, async () => {
      const view = await seen(uid());
      expect(view.departments.length).toBeGreaterThanOrEqual(3);
      for (const d of view.departments) {
        expect(d.alertEmail).toBe(departmentEmail);
        expect(d.members.map((m) => m.user.uid).sort()).toEqual([scene.manager.uid, scene.manager2.uid, scene.supervisor.uid].sort());
      }
      for (const c of view.categories) expect(c.alertEmail).toBe(categoryEmail);
    });
  }
});
