import { beforeAll, describe, expect, it } from 'vitest';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { makeCategory, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { MemberRole } from '../model/catalogue.enums.js';
import type { Category } from '../model/category.entity.js';
import type { User } from '../model/user.entity.js';
import { openPassword } from './mailbox-secret.js';

const SAVE =
  'mutation($id: ID, $input: MailboxInput!) { saveMailbox(id: $id, input: $input) { id host port tls user folder enabled lastPolledAt lastError category { id path } } }';
const SECRET = 'a-mailbox-secret-of-at-least-32-characters!';

describe('mailboxes, saveMailbox, deleteMailbox', () => {
  const app = useTestApp({ MAILBOX_SECRET: SECRET });
  const s = useScene(app);
  let otherCategory: Category;
  let otherSupervisor: User;
  beforeAll(async () => {
    const other = await makeDepartment(app.em());
    otherCategory = await makeCategory(app.em(), other);
    otherSupervisor = await makeUser(app.em());
    await makeMember(app.em(), other, otherSupervisor, MemberRole.SUPERVISOR);
  });
  const input = (categoryId: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    categoryId: String(categoryId),
    host: 'imap.univ.example.fr',
    port: 993,
    tls: true,
    user: 'assistance',
    password: 'mot de passe',
    ...extra,
  });

  it("should let a department's supervisor set one up, keep the password encrypted, and never show it", async () => {
    const saved = ok(
      await app.gql<{ saveMailbox: Record<string, unknown> }>(s.supervisor.uid, SAVE, { input: input(s.category.id) }),
    ).saveMailbox;
    expect(saved).toMatchObject({
      host: 'imap.univ.example.fr',
      port: 993,
      tls: true,
      user: 'assistance',
      folder: 'INBOX',
      enabled: true,
      lastError: null,
    });
    const [row] = await app.em().execute<{ password_secret: string }[]>('select password_secret from mailbox where id = ?', [saved.id]);
    expect(row.password_secret).not.toContain('mot de passe');
    expect(openPassword(SECRET, row.password_secret)).toBe('mot de passe');
    const asked = await app.gql(s.supervisor.uid, '{ mailboxes { id password } }');
    expect(asked.errors?.[0]?.message).toMatch(/Cannot query field "password" on type "Mailbox"/);
    // An update without a password keeps the stored one.
    ok(await app.gql(s.supervisor.uid, SAVE, { id: saved.id, input: input(s.category.id, { password: null, folder: 'Assistance' }) }));
    const [after] = await app
      .em()
      .execute<{ password_secret: string; folder: string }[]>('select password_secret, folder from mailbox where id = ?', [saved.id]);
    expect(after.folder).toBe('Assistance');
    expect(openPassword(SECRET, after.password_secret)).toBe('mot de passe');
  });

  it("should list to admins all mailboxes, to supervisors their departments', to others none", async () => {
    ok(await app.gql(otherSupervisor.uid, SAVE, { input: input(otherCategory.id) }));
    const ids = async (uid: string): Promise<string[]> =>
      ok(await app.gql<{ mailboxes: { category: { id: string } }[] }>(uid, '{ mailboxes { category { id } } }')).mailboxes.map(
        (m) => m.category.id,
      );
    expect(new Set(await ids(s.admin.uid))).toEqual(new Set([String(s.category.id), String(otherCategory.id)]));
    expect(new Set(await ids(s.supervisor.uid))).toEqual(new Set([String(s.category.id)]));
    expect(await ids(s.manager.uid)).toEqual([]);
    expect(await ids(s.owner.uid)).toEqual([]);
  });

  it('should refuse managers and other departments, and check what it stores, writing nothing', async () => {
    const before = await app.em().execute<unknown[]>('select * from mailbox order by id');
    expect(errorCode(await app.gql(s.manager.uid, SAVE, { input: input(s.category.id) }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(s.supervisor.uid, SAVE, { input: input(otherCategory.id) }))).toBe('FORBIDDEN');
    const [theirs] = await app.em().execute<{ id: number }[]>('select id from mailbox where category_id = ?', [otherCategory.id]);
    expect(errorCode(await app.gql(s.supervisor.uid, SAVE, { id: String(theirs.id), input: input(s.category.id) }))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(s.supervisor.uid, 'mutation($id: ID!) { deleteMailbox(id: $id) }', { id: String(theirs.id) }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await app.gql(s.supervisor.uid, SAVE, { input: input(s.category.id, { password: null }) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(s.supervisor.uid, SAVE, { input: input(s.category.id, { port: 70000 }) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(s.supervisor.uid, SAVE, { input: input(s.category.id, { host: 'imap.example.fr\r\nX: y' }) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await app.gql(s.supervisor.uid, SAVE, { input: input(s.category.id, { user: '  ' }) }))).toBe('BAD_USER_INPUT');
    expect(await app.em().execute<unknown[]>('select * from mailbox order by id')).toEqual(before);
  });

  it('should delete one of its department', async () => {
    const saved = ok(
      await app.gql<{ saveMailbox: { id: string } }>(s.supervisor.uid, SAVE, { input: input(s.category.id, { user: 'autre' }) }),
    ).saveMailbox;
    expect(
      ok(await app.gql<{ deleteMailbox: boolean }>(s.supervisor.uid, 'mutation($id: ID!) { deleteMailbox(id: $id) }', { id: saved.id }))
        .deleteMailbox,
    ).toBe(true);
    const rows = await app.em().execute<unknown[]>('select 1 from mailbox where id = ?', [saved.id]);
    expect(rows).toEqual([]);
  });
});
