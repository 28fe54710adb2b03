import { beforeAll, describe, expect, it } from 'vitest';
import { makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type GqlResult } from '../../test/harness.js';
import { MemberRole } from '../model/catalogue.enums.js';

/** Canned answers ("réponses types"): who uses them, who manages them, and what their bodies may hold. */
describe('canned answers', () => {
  const app = useTestApp();
  const s = useScene(app);
  let otherSupervisor: string;

  const SAVE = `mutation($id: ID, $input: CannedAnswerInput!) {
    saveCannedAnswer(id: $id, input: $input) { id title body scope department { id } owner { id } } }`;
  type Saved = { id: string; title: string; body: string; scope: string; department: { id: string } | null; owner: { id: string } | null };
  const save = (uid: string, input: Record<string, unknown>, id?: string): Promise<GqlResult<{ saveCannedAnswer: Saved }>> =>
    app.gql<{ saveCannedAnswer: Saved }>(uid, SAVE, { input: { title: 'Réinitialiser', body: '<p>Bonjour {owner}</p>', ...input }, id });
  const titles = async (uid: string, args: Record<string, unknown> = {}): Promise<string[]> =>
    ok(
      await app.gql<{ cannedAnswers: { title: string }[] }>(
        uid,
        'query($s: String, $d: ID) { cannedAnswers(search: $s, departmentId: $d) { title } }',
        {
          s: args.search,
          d: args.departmentId,
        },
      ),
    ).cannedAnswers.map((c) => c.title);
  const remove = (uid: string, id: string): Promise<GqlResult> =>
    app.gql(uid, 'mutation($id: ID!) { deleteCannedAnswer(id: $id) }', { id });
  const count = async (): Promise<number> => (await app.em().execute<{ n: number }[]>('select count(*)::int as n from canned_answer'))[0].n;

  beforeAll(async () => {
    const em = app.em();
    const other = await makeDepartment(em);
    const user = await makeUser(em);
    await makeMember(em, other, user, MemberRole.SUPERVISOR);
    otherSupervisor = user.uid;
  });

  it('should keep a personal answer to its owner', async () => {
    const mine = ok(await save(s.manager.uid, { title: 'Perso mot de passe', scope: 'PERSONAL' })).saveCannedAnswer;
    expect(mine).toMatchObject({ scope: 'PERSONAL', department: null, owner: { id: String(s.manager.id) } });
    expect(await titles(s.manager.uid)).toContain('Perso mot de passe');
    expect(await titles(s.manager2.uid)).not.toContain('Perso mot de passe');
    expect(errorCode(await remove(s.manager2.uid, mine.id))).toBe('NOT_FOUND');
    expect(errorCode(await save(s.manager2.uid, { title: 'volé', scope: 'PERSONAL' }, mine.id))).toBe('NOT_FOUND');
    expect(ok(await remove(s.manager.uid, mine.id))).toEqual({ deleteCannedAnswer: true });
  });

  it("should share a department answer with the department's staff, managed by its owner, supervisors and admins", async () => {
    const dept = { scope: 'DEPARTMENT', departmentId: String(s.department.id) };
    const answer = ok(await save(s.manager.uid, { ...dept, title: 'Wifi eduroam' })).saveCannedAnswer;
    expect(answer.department).toEqual({ id: String(s.department.id) });
    expect(await titles(s.manager2.uid)).toContain('Wifi eduroam');
    expect(await titles(s.supervisor.uid)).toContain('Wifi eduroam');
    expect(await titles(otherSupervisor)).not.toContain('Wifi eduroam');
    // Another manager uses it but may not change it; the supervisor and an admin may.
    expect(errorCode(await save(s.manager2.uid, { ...dept, title: 'changé' }, answer.id))).toBe('FORBIDDEN');
    expect(errorCode(await remove(s.manager2.uid, answer.id))).toBe('FORBIDDEN');
    expect(ok(await save(s.supervisor.uid, { ...dept, title: 'Wifi eduroam (v2)' }, answer.id)).saveCannedAnswer.title).toBe(
      'Wifi eduroam (v2)',
    );
    expect(errorCode(await remove(otherSupervisor, answer.id))).toBe('NOT_FOUND');
    expect(ok(await remove(s.admin.uid, answer.id))).toEqual({ deleteCannedAnswer: true });
  });

  it('should let admins alone write global answers, used by all staff and no one else', async () => {
    expect(errorCode(await save(s.supervisor.uid, { scope: 'GLOBAL', title: 'Global par un superviseur' }))).toBe('FORBIDDEN');
    ok(await save(s.admin.uid, { scope: 'GLOBAL', title: 'Horaires du service' }));
    expect(await titles(otherSupervisor)).toContain('Horaires du service');
    expect(await titles(s.manager.uid, { search: 'horaires' })).toEqual(['Horaires du service']);
    expect(await titles(s.manager.uid, { search: '%' })).toEqual([]);
    // Someone who is staff nowhere (an owner) has none.
    expect(await titles(s.owner.uid)).toEqual([]);
    expect(errorCode(await save(s.owner.uid, { scope: 'PERSONAL', title: 'Pas du personnel' }))).toBe('FORBIDDEN');
  });

  it('should sanitise the body as every message: no script, no event handler', async () => {
    const saved = ok(
      await save(s.manager.uid, {
        scope: 'PERSONAL',
        title: 'Piégée',
        body: '<p onclick="steal()">Bonjour {owner}<script>alert(1)</script><img src="x" onerror="alert(2)"></p>',
      }),
    ).saveCannedAnswer;
    expect(saved.body).not.toMatch(/script|onclick|onerror|alert/i);
    expect(saved.body).toContain('Bonjour {owner}');
  });

  it('should leave variables as typed, unknown ones too (the portlet fills the known ones at insertion)', async () => {
    const body = '<p>Ticket n°{number} de {owner}, suivi par {manager} ({category}) — {inconnu} {owner</p>';
    const saved = ok(await save(s.manager.uid, { scope: 'PERSONAL', title: 'Variables', body })).saveCannedAnswer;
    expect(saved.body).toBe(body);
  });

  it.each([
    ['an empty title', { scope: 'PERSONAL', title: '  ' }, 'title'],
    ['an empty body', { scope: 'PERSONAL', body: '<p> </p>' }, 'body'],
    ['a body only of script', { scope: 'PERSONAL', body: '<script>alert(1)</script>' }, 'body'],
    ['a department answer without its department', { scope: 'DEPARTMENT' }, 'departmentId'],
    ['a personal answer naming a department', { scope: 'PERSONAL', departmentId: '1' }, 'departmentId'],
  ])('should refuse %s (BAD_USER_INPUT) and store nothing', async (_what, input, field) => {
    const before = await count();
    const result = await save(s.manager.uid, input);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await count()).toBe(before);
  });

  it('should answer NOT_FOUND for a department that does not exist', async () => {
    expect(errorCode(await save(s.admin.uid, { scope: 'DEPARTMENT', departmentId: '99999' }))).toBe('NOT_FOUND');
  });
});
