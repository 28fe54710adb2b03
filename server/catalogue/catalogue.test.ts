import { beforeAll, describe, expect, it } from 'vitest';
import { makeCategory, makeDepartment, makeScene, makeUser, unique, type Scene } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { countQueries } from '../../test/query-count.js';
import { Category } from '../model/category.entity.js';
import { Faq } from '../model/faq.entity.js';

interface CategoryNode {
  id: string;
  label: string;
  path: string;
  department: { code: string };
}

const CATEGORIES = 'query($filter: String) { categories(filter: $filter) { id label path department { code } } }';

describe('catalogue', () => {
  const app = useTestApp();
  const scene = useScene(app);

  async function categories(filter: string | null, uid = scene.owner.uid): Promise<CategoryNode[]> {
    return ok(await app.gql<{ categories: CategoryNode[] }>(uid, CATEGORIES, { filter })).categories;
  }

  async function paths(ids: number[]): Promise<Record<number, string>> {
    const rows = await app
      .em()
      .execute<{ id: number; path: string }[]>('select id, path from category where id = any(?::int[])', [`{${ids.join(',')}}`]);
    return Object.fromEntries(rows.map((r) => [r.id, r.path]));
  }

  async function count(table: 'department' | 'category' | 'department_member' | 'faq'): Promise<number> {
    const [row] = await app.em().execute<{ n: string }[]>(`select count(*) as n from ${table}`);
    return Number(row.n);
  }

  function expectError(result: GqlResult<unknown>, code: string, field?: string): void {
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toEqual(field ? { code, field } : { code });
  }

  describe('categories(filter)', () => {
    let scolarite: Category;
    let inscriptions: Category;
    let dnumEnt: Category;
    let other: Category;

    beforeAll(async () => {
      const em = app.em();
      const department = await makeDepartment(em);
      scolarite = await makeCategory(em, department, 'Scolarité');
      inscriptions = await makeCategory(em, department, 'Inscriptions', scolarite);
      const dnum = await makeCategory(em, department, 'DNUM');
      dnumEnt = await makeCategory(em, department, 'ENT', dnum);
      other = await makeCategory(em, department, 'Bibliothèque');
    });

    it('should show categories with their path "Parent - Child"', async () => {
      const all = await categories(null);
      const byId = new Map(all.map((c) => [c.id, c]));
      expect(byId.get(String(inscriptions.id))?.path).toBe('Scolarité - Inscriptions');
      expect(byId.get(String(dnumEnt.id))?.path).toBe('DNUM - ENT');
      expect(byId.get(String(dnumEnt.id))?.label).toBe('ENT');
    });

    it('should match "ent" in "DNUM - ENT" ignoring case', async () => {
      const ids = (await categories('ent')).map((c) => c.id);
      expect(ids).toContain(String(dnumEnt.id));
      expect(ids).not.toContain(String(other.id));
      expect((await categories('dnum - ent')).map((c) => c.id)).toEqual([String(dnumEnt.id)]);
    });

    it.each(['scolarite', 'SCOLARITÉ', 'Scolarite', 'scolarité', '  scolarite  '])(
      'should match "Scolarité" and its children with %j',
      async (filter) => {
        const ids = (await categories(filter)).map((c) => c.id).sort();
        expect(ids).toEqual([String(scolarite.id), String(inscriptions.id)].sort());
      },
    );

    it('should match any part of the path', async () => {
      expect((await categories('larite - insc')).map((c) => c.id)).toEqual([String(inscriptions.id)]);
      expect((await categories('BIBLIOTHEQUE')).map((c) => c.id)).toEqual([String(other.id)]);
    });

    it.each([
      ['ent dnum', 'dnumEnt'],
      ['  DNUM   ent ', 'dnumEnt'],
      ['inscr SCOLARITE', 'inscriptions'],
      ['scolarité inscriptions', 'inscriptions'],
    ] as const)('should match every word of %j anywhere in the path, in any order', async (filter, expected) => {
      const wanted = { dnumEnt, inscriptions }[expected];
      expect((await categories(filter)).map((c) => c.id)).toEqual([String(wanted.id)]);
    });

    it('should match nothing when one word is found nowhere in the path', async () => {
      expect(await categories('ent introuvable')).toEqual([]);
      expect(await categories('scolarite dnum')).toEqual([]);
    });

    it('should treat LIKE wildcards in the filter as plain characters', async () => {
      expect(await categories('%')).toEqual([]);
      expect(await categories('_')).toEqual([]);
      expect(await categories('Scol%Insc')).toEqual([]);
    });

    it('should answer nothing for a filter that matches no path', async () => {
      expect(await categories('aucune catégorie ne ressemble à ceci')).toEqual([]);
    });

    it('should list neither disabled nor hidden categories, nor those of a disabled department', async () => {
      const word = unique('Fermee');
      const em = app.em();
      const shown = await makeCategory(em, scene.department, `${word} ouverte`);
      const disabled = await makeCategory(em, scene.department, `${word} désactivée`);
      const hidden = await makeCategory(em, scene.department, `${word} cachée`);
      const closedDepartment = await makeDepartment(em, { enabled: false });
      const ofClosed = await makeCategory(em, closedDepartment, `${word} service fermé`);
      const fresh = app.em();
      for (const [id, change] of [
        [disabled.id, { enabled: false }],
        [hidden.id, { hidden: true }],
      ] as const) {
        Object.assign(await fresh.findOneOrFail(Category, id), change);
      }
      await fresh.flush();

      const ids = (await categories(word)).map((c) => c.id);
      expect(ids).toEqual([String(shown.id)]);
      const all = (await categories(null)).map((c) => c.id);
      for (const gone of [disabled, hidden, ofClosed]) expect(all).not.toContain(String(gone.id));
      // Staff still see their department's disabled and hidden categories where they administer them.
      const staffView = ok(
        await app.gql<{ departments: { id: string; categories: { id: string }[] }[] }>(
          scene.supervisor.uid,
          '{ departments { id categories { id } } }',
        ),
      );
      const mine = staffView.departments.find((d) => d.id === String(scene.department.id))!;
      expect(mine.categories.map((c) => c.id)).toEqual(expect.arrayContaining([String(disabled.id), String(hidden.id)]));
      const strangerView = ok(
        await app.gql<{ departments: { id: string; categories: { id: string }[] }[] }>(
          scene.stranger.uid,
          '{ departments { id categories { id } } }',
        ),
      );
      expect(strangerView.departments.map((d) => d.id)).not.toContain(String(closedDepartment.id));
      const theirs = strangerView.departments.find((d) => d.id === String(scene.department.id))!;
      expect(theirs.categories.map((c) => c.id)).not.toContain(String(disabled.id));
      expect(theirs.categories.map((c) => c.id)).not.toContain(String(hidden.id));
    });
  });

  describe('faqs', () => {
    let parent: Category;
    let child: Category;
    let sibling: Category;
    const ids: Record<string, string> = {};

    const CREATE_FAQ = 'mutation($d: ID!, $input: FaqInput!) { createFaq(departmentId: $d, input: $input) { id title content } }';

    async function createFaq(key: string, input: Record<string, unknown>): Promise<string> {
      const data = ok(
        await app.gql<{ createFaq: { id: string } }>(scene.supervisor.uid, CREATE_FAQ, { d: String(scene.department.id), input }),
      );
      ids[key] = data.createFaq.id;
      return data.createFaq.id;
    }

    async function faqs(variables: { categoryId?: string; search?: string }): Promise<string[]> {
      const data = ok(
        await app.gql<{ faqs: { id: string }[] }>(
          scene.owner.uid,
          'query($categoryId: ID, $search: String) { faqs(categoryId: $categoryId, search: $search) { id } }',
          variables,
        ),
      );
      return data.faqs.map((f) => f.id).sort();
    }

    beforeAll(async () => {
      const em = app.em();
      parent = await makeCategory(em, scene.department, unique('Comptes '));
      child = await makeCategory(em, scene.department, 'Messagerie', parent);
      sibling = await makeCategory(em, scene.department, 'Wifi', parent);
      await createFaq('parent', {
        title: 'Mot de passe oublié',
        content: '<p>Réinitialisez-le sur <a href="https://sesame.univ.example.fr">Sésame</a>.</p>',
        categoryIds: [String(parent.id)],
      });
      await createFaq('child', {
        title: 'Configurer Thunderbird',
        content: "<p>Votre <b>mot de passe</b> est celui de l'ENT.</p>",
        categoryIds: [String(child.id)],
      });
      await createFaq('sibling', { title: 'Eduroam', content: '<p>Certificat à installer.</p>', categoryIds: [String(sibling.id)] });
      await createFaq('disabled', {
        title: 'Ancien mot de passe',
        content: '<p>Obsolète.</p>',
        enabled: false,
        categoryIds: [String(child.id)],
      });
    });

    it('should return the FAQ of the category and of its ancestors, not of siblings nor disabled ones', async () => {
      expect(await faqs({ categoryId: String(child.id) })).toEqual([ids.parent, ids.child].sort());
    });

    it('should not return the FAQ of a child for its parent', async () => {
      expect(await faqs({ categoryId: String(parent.id) })).toEqual([ids.parent]);
    });

    it('should give on Category.faqs exactly what faqs(categoryId) gives: ancestors included, by title', async () => {
      const data = ok(
        await app.gql<{ categories: { id: string; faqs: { id: string; title: string }[] }[] }>(
          scene.owner.uid,
          'query($f: String) { categories(filter: $f) { id faqs { id title } } }',
          { f: parent.label },
        ),
      );
      const onCategory = new Map(data.categories.map((c) => [c.id, c.faqs.map((f) => f.id)]));
      for (const category of [parent, child, sibling]) {
        const listed = ok(
          await app.gql<{ faqs: { id: string }[] }>(scene.owner.uid, 'query($c: ID) { faqs(categoryId: $c) { id } }', {
            c: String(category.id),
          }),
        ).faqs.map((f) => f.id);
        expect(onCategory.get(String(category.id)), category.label).toEqual(listed);
      }
      // By title: "Configurer Thunderbird" before "Mot de passe oublié"; the sibling's own after its parent's.
      expect(onCategory.get(String(child.id))).toEqual([ids.child, ids.parent]);
      expect(onCategory.get(String(sibling.id))).toEqual([ids.sibling, ids.parent]);
      expect(onCategory.get(String(parent.id))).toEqual([ids.parent]);
    });

    it('should read the FAQ entries of a whole list of categories in one query', async () => {
      const LIST = 'query($f: String) { categories(filter: $f) { id faqs { id } } }';
      const count = (): Promise<number> => countQueries(app, async () => ok(await app.gql(scene.owner.uid, LIST, { f: parent.label })));
      const before = await count();
      const em = app.em();
      for (let i = 0; i < 4; i++) await makeCategory(em, scene.department, `Sous ${i}`, child);
      expect(await count()).toBe(before);
    });

    it('should answer NOT_FOUND for an unknown or disabled category', async () => {
      expectError(await app.gql(scene.owner.uid, 'query($c: ID) { faqs(categoryId: $c) { id } }', { c: '999999' }), 'NOT_FOUND');
      const em = app.em();
      const disabled = await makeCategory(em, scene.department);
      disabled.enabled = false;
      await em.flush();
      expectError(await app.gql(scene.owner.uid, 'query($c: ID) { faqs(categoryId: $c) { id } }', { c: String(disabled.id) }), 'NOT_FOUND');
    });

    it.each(['mot de passe', 'MOT DE PASSE', 'Mot de Passe'])(
      'should find entries whose title or content mention %j, not disabled ones',
      async (search) => {
        const found = await faqs({ search });
        expect(found).toEqual(expect.arrayContaining([ids.parent, ids.child]));
        expect(found).not.toContain(ids.sibling);
        expect(found).not.toContain(ids.disabled);
      },
    );

    it('should search ignoring accents and combine with the category', async () => {
      expect(await faqs({ search: 'oublie' })).toEqual([ids.parent]);
      expect(await faqs({ search: 'certificat a installer' })).toEqual([ids.sibling]);
      expect(await faqs({ categoryId: String(child.id), search: 'thunderbird' })).toEqual([ids.child]);
      expect(await faqs({ categoryId: String(sibling.id), search: 'mot de passe' })).toEqual([ids.parent]);
    });

    it('should not match the markup of the content', async () => {
      expect(await faqs({ search: 'href' })).toEqual([]);
    });

    it('should answer BAD_USER_INPUT on categoryIds for a category of another department, and create no FAQ', async () => {
      const other = await makeScene(app);
      const before = await count('faq');
      const result = await app.gql(scene.supervisor.uid, CREATE_FAQ, {
        d: String(scene.department.id),
        input: { title: 'Orpheline', content: '<p>x</p>', categoryIds: [String(other.category.id)] },
      });
      expectError(result, 'BAD_USER_INPUT', 'categoryIds');
      expect(await count('faq')).toBe(before);
    });

    it('should store FAQ content cleaned', async () => {
      const id = await createFaq('dirty', {
        title: 'Piège',
        content: '<p onclick="x()">ok<script>alert(1)</script></p>',
        categoryIds: [String(sibling.id)],
      });
      const faq = await app.em().findOneOrFail(Faq, Number(id));
      expect(faq.content).toBe('<p>ok</p>');
    });
  });

  describe('administration', () => {
    const CREATE_DEPARTMENT = 'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id code label } }';
    const CREATE_CATEGORY =
      'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id label path parent { id } department { id } } }';
    const UPDATE_CATEGORY =
      'mutation($id: ID!, $input: CategoryFieldsInput!) { updateCategory(id: $id, input: $input) { id label path parent { id } } }';
    const SAVE_MEMBER =
      'mutation($input: DepartmentMemberInput!) { saveDepartmentMember(input: $input) { id role available alert department { id } } }';

    it.each([
      ['an ordinary user', (s: Scene) => s.stranger.uid],
      ['a manager', (s: Scene) => s.manager.uid],
      ['a supervisor', (s: Scene) => s.supervisor.uid],
    ])('should answer FORBIDDEN to createDepartment by %s and create nothing', async (_label, who) => {
      const before = await count('department');
      expectError(
        await app.gql(who(scene), CREATE_DEPARTMENT, { input: { code: unique('X').slice(0, 20), label: 'Nouveau service' } }),
        'FORBIDDEN',
      );
      expect(await count('department')).toBe(before);
    });

    it('should let an admin create a department, its code upper-cased', async () => {
      const code = unique('dsi').slice(0, 20);
      const data = ok(
        await app.gql<{ createDepartment: { id: string; code: string; label: string } }>(scene.admin.uid, CREATE_DEPARTMENT, {
          input: { code, label: 'Direction des SI' },
        }),
      );
      expect(data.createDepartment).toMatchObject({ code: code.toUpperCase(), label: 'Direction des SI' });
      const [row] = await app
        .em()
        .execute<{ code: string }[]>('select code from department where id = ?', [Number(data.createDepartment.id)]);
      expect(row.code).toBe(code.toUpperCase());
    });

    it('should answer CONFLICT for a department code that exists', async () => {
      expectError(
        await app.gql(scene.admin.uid, CREATE_DEPARTMENT, { input: { code: scene.department.code.toLowerCase(), label: 'Doublon' } }),
        'CONFLICT',
      );
    });

    it('should let a supervisor create a category under a parent, with path "Parent - Child"', async () => {
      const parent = await makeCategory(app.em(), scene.department, unique('Parent'));
      const data = ok(
        await app.gql<{ createCategory: { id: string; label: string; path: string; parent: { id: string } } }>(
          scene.supervisor.uid,
          CREATE_CATEGORY,
          {
            input: { departmentId: String(scene.department.id), label: '  Child  ', parentId: String(parent.id) },
          },
        ),
      );
      expect(data.createCategory).toMatchObject({ label: 'Child', path: `${parent.label} - Child`, parent: { id: String(parent.id) } });
      expect(await paths([Number(data.createCategory.id)])).toEqual({ [Number(data.createCategory.id)]: `${parent.label} - Child` });
    });

    it.each([
      ['a manager (not supervisor)', (s: Scene) => s.manager.uid],
      ['an ordinary user', (s: Scene) => s.stranger.uid],
    ])('should answer FORBIDDEN to createCategory by %s and create nothing', async (_label, who) => {
      const before = await count('category');
      expectError(
        await app.gql(who(scene), CREATE_CATEGORY, { input: { departmentId: String(scene.department.id), label: 'Interdite' } }),
        'FORBIDDEN',
      );
      expect(await count('category')).toBe(before);
    });

    it('should answer FORBIDDEN to a supervisor of another department', async () => {
      const other = await makeScene(app);
      const before = await count('category');
      expectError(
        await app.gql(other.supervisor.uid, CREATE_CATEGORY, { input: { departmentId: String(scene.department.id), label: 'Ailleurs' } }),
        'FORBIDDEN',
      );
      expectError(
        await app.gql(other.supervisor.uid, UPDATE_CATEGORY, { id: String(scene.category.id), input: { label: 'Piratée' } }),
        'FORBIDDEN',
      );
      expect(await count('category')).toBe(before);
      expect((await paths([scene.category.id]))[scene.category.id]).toMatch(/ - ENT$/);
    });

    it('should update the paths of every descendant when a parent is renamed', async () => {
      const em = app.em();
      const top = await makeCategory(em, scene.department, unique('Avant'));
      const middle = await makeCategory(em, scene.department, 'Milieu', top);
      const leaf = await makeCategory(em, scene.department, 'Feuille', middle);
      const newName = unique('Apres');
      const data = ok(
        await app.gql<{ updateCategory: { path: string } }>(scene.supervisor.uid, UPDATE_CATEGORY, {
          id: String(top.id),
          input: { label: newName },
        }),
      );
      expect(data.updateCategory.path).toBe(newName);
      expect(await paths([top.id, middle.id, leaf.id])).toEqual({
        [top.id]: newName,
        [middle.id]: `${newName} - Milieu`,
        [leaf.id]: `${newName} - Milieu - Feuille`,
      });
      const listed = (await categories(newName)).map((c) => c.path).sort();
      expect(listed).toEqual([newName, `${newName} - Milieu`, `${newName} - Milieu - Feuille`]);
    });

    it('should update the paths of a moved subtree', async () => {
      const em = app.em();
      const a = await makeCategory(em, scene.department, unique('A'));
      const b = await makeCategory(em, scene.department, unique('B'));
      const child = await makeCategory(em, scene.department, 'Enfant', a);
      const grandchild = await makeCategory(em, scene.department, 'PetitEnfant', child);
      ok(await app.gql(scene.supervisor.uid, UPDATE_CATEGORY, { id: String(child.id), input: { parentId: String(b.id) } }));
      expect(await paths([child.id, grandchild.id])).toEqual({
        [child.id]: `${b.label} - Enfant`,
        [grandchild.id]: `${b.label} - Enfant - PetitEnfant`,
      });
      // And back to a root.
      ok(await app.gql(scene.supervisor.uid, UPDATE_CATEGORY, { id: String(child.id), input: { parentId: null } }));
      expect(await paths([child.id, grandchild.id])).toEqual({ [child.id]: 'Enfant', [grandchild.id]: 'Enfant - PetitEnfant' });
    });

    it('should answer BAD_USER_INPUT on parentId when a category would become its own descendant, and change nothing', async () => {
      const em = app.em();
      const top = await makeCategory(em, scene.department, unique('Boucle'));
      const child = await makeCategory(em, scene.department, 'Enfant', top);
      const grandchild = await makeCategory(em, scene.department, 'PetitEnfant', child);
      const before = await paths([top.id, child.id, grandchild.id]);
      for (const target of [child, grandchild, top]) {
        expectError(
          await app.gql(scene.supervisor.uid, UPDATE_CATEGORY, {
            id: String(top.id),
            input: { parentId: String(target.id), label: 'Renommée' },
          }),
          'BAD_USER_INPUT',
          'parentId',
        );
      }
      expect(await paths([top.id, child.id, grandchild.id])).toEqual(before);
      const [row] = await app
        .em()
        .execute<{ parent_id: number | null; label: string }[]>('select parent_id, label from category where id = ?', [top.id]);
      expect(row).toEqual({ parent_id: null, label: top.label });
    });

    it('should answer BAD_USER_INPUT on parentId for a parent in another department', async () => {
      const other = await makeScene(app);
      expectError(
        await app.gql(scene.admin.uid, UPDATE_CATEGORY, { id: String(scene.category.id), input: { parentId: String(other.category.id) } }),
        'BAD_USER_INPUT',
        'parentId',
      );
      const before = await count('category');
      expectError(
        await app.gql(scene.admin.uid, CREATE_CATEGORY, {
          input: { departmentId: String(scene.department.id), label: 'X', parentId: String(other.category.id) },
        }),
        'BAD_USER_INPUT',
        'parentId',
      );
      expect(await count('category')).toBe(before);
      const [row] = await app
        .em()
        .execute<{ parent_id: number | null }[]>('select parent_id from category where id = ?', [scene.category.id]);
      expect(row.parent_id).not.toBeNull();
    });

    it('should let the supervisor add a member and change their role', async () => {
      const recruit = await makeUser(app.em(), unique('recrue'));
      const data = ok(
        await app.gql<{ saveDepartmentMember: { role: string; available: boolean; department: { id: string } } }>(
          scene.supervisor.uid,
          SAVE_MEMBER,
          {
            input: { departmentId: String(scene.department.id), uid: recruit.uid, role: 'MANAGER', available: false },
          },
        ),
      );
      expect(data.saveDepartmentMember).toMatchObject({
        role: 'MANAGER',
        available: false,
        department: { id: String(scene.department.id) },
      });
      const rows = await app
        .em()
        .execute<{ role: string; available: boolean }[]>(
          'select role, available from department_member where department_id = ? and user_id = ?',
          [scene.department.id, recruit.id],
        );
      expect(rows).toEqual([{ role: 'MANAGER', available: false }]);

      ok(
        await app.gql(scene.supervisor.uid, SAVE_MEMBER, {
          input: { departmentId: String(scene.department.id), uid: recruit.uid, role: 'SUPERVISOR' },
        }),
      );
      const after = await app
        .em()
        .execute<{ role: string; available: boolean }[]>(
          'select role, available from department_member where department_id = ? and user_id = ?',
          [scene.department.id, recruit.id],
        );
      expect(after).toEqual([{ role: 'SUPERVISOR', available: false }]);

      // Now a member, the recruit sees the department's tickets as staff: filing on behalf works.
      const filed = await app.gql<{ createTicket: { owner: { uid: string } } }>(
        recruit.uid,
        'mutation($input: CreateTicketInput!) { createTicket(input: $input) { owner { uid } } }',
        {
          input: { categoryId: String(scene.category.id), subject: 'Pour autrui', message: '<p>x</p>', ownerUid: scene.owner.uid },
        },
      );
      expect(ok(filed).createTicket.owner.uid).toBe(scene.owner.uid);
    });

    it('should answer FORBIDDEN to saveDepartmentMember by a manager, and add nobody', async () => {
      const before = await count('department_member');
      expectError(
        await app.gql(scene.manager.uid, SAVE_MEMBER, {
          input: { departmentId: String(scene.department.id), uid: scene.stranger.uid, role: 'SUPERVISOR' },
        }),
        'FORBIDDEN',
      );
      expect(await count('department_member')).toBe(before);
    });

    it('should answer BAD_USER_INPUT on categoryIds for alert categories of another department, and add nobody', async () => {
      const other = await makeScene(app);
      const recruit = await makeUser(app.em(), unique('recrue'));
      const before = await count('department_member');
      const result = await app.gql(scene.supervisor.uid, SAVE_MEMBER, {
        input: {
          departmentId: String(scene.department.id),
          uid: recruit.uid,
          alert: 'MY_CATEGORIES',
          categoryIds: [String(other.category.id)],
        },
      });
      expectError(result, 'BAD_USER_INPUT', 'categoryIds');
      expect(await count('department_member')).toBe(before);
    });

    it('should answer BAD_USER_INPUT on uid for a member who never signed in', async () => {
      expectError(
        await app.gql(scene.supervisor.uid, SAVE_MEMBER, {
          input: { departmentId: String(scene.department.id), uid: 'personne-inconnue' },
        }),
        'BAD_USER_INPUT',
        'uid',
      );
    });
  });
});

describe('closed branches of the category tree', () => {
  const app = useTestApp();

  it('should neither list nor accept tickets in a category under a disabled or hidden parent', async () => {
    const em = app.em();
    const department = await makeDepartment(em);
    const owner = await makeUser(em);
    for (const closing of [{ enabled: false }, { hidden: true }]) {
      const parent = await makeCategory(em, department);
      const child = await makeCategory(em, department, undefined, parent);
      Object.assign(parent, closing);
      await em.flush();
      const listed = ok(await app.gql<{ categories: { id: string }[] }>(owner.uid, '{ categories { id } }')).categories.map((c) => c.id);
      expect(listed).not.toContain(String(child.id));
      const filed = await app.gql(
        owner.uid,
        'mutation($c: ID!) { createTicket(input: { categoryId: $c, subject: "s", message: "m" }) { id } }',
        { c: String(child.id) },
      );
      expect(filed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'categoryId' });
    }
  });
});
