import { describe, expect, it } from 'vitest';
import { makeCategory, makeDepartment, makeScene } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { Category } from '../model/category.entity.js';
import { TicketVisibility } from '../model/ticket.enums.js';

const CREATE = `mutation($input: CreateTicketInput!) {
  createTicket(input: $input) {
    id subject priority visibility origin status
    owner { uid } creator { uid }
    history { type message }
  }
}`;

interface Created {
  createTicket: {
    id: string;
    subject: string;
    priority: number;
    visibility: string;
    origin: string;
    status: string;
    owner: { uid: string };
    creator: { uid: string };
    history: { type: string; message: string | null }[];
  };
}

interface Counts {
  tickets: number;
  events: number;
}

describe('createTicket', () => {
  const app = useTestApp();
  const scene = useScene(app);

  async function counts(): Promise<Counts> {
    const [row] = await app
      .em()
      .execute<{ tickets: string; events: string }[]>(
        'select (select count(*) from ticket) as tickets, (select count(*) from ticket_event) as events',
      );
    return { tickets: Number(row.tickets), events: Number(row.events) };
  }

  const valid = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    categoryId: String(scene.category.id),
    subject: 'Connexion impossible',
    message: '<p>Je ne peux pas me connecter.</p>',
    ...extra,
  });

  async function create(uid: string, input: Record<string, unknown>): Promise<GqlResult<Created>> {
    return app.gql<Created>(uid, CREATE, { input });
  }

  /** Files `input` as `uid`, expects the one error described, and that no ticket nor entry was written. */
  async function expectRefused(uid: string, input: Record<string, unknown>, code: string, field?: string): Promise<GqlResult<Created>> {
    const before = await counts();
    const result = await create(uid, input);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe(code);
    if (field !== undefined) expect(result.errors![0].extensions?.field).toBe(field);
    else expect(result.errors![0].extensions?.field).toBeUndefined();
    expect(await counts()).toEqual(before);
    return result;
  }

  /** The stored message of a ticket's CREATED entry, straight from the table. */
  async function storedMessage(ticketId: string): Promise<string> {
    const rows = await app
      .em()
      .execute<{ message: string }[]>(`select message from ticket_event where ticket_id = ? and type = 'CREATED'`, [Number(ticketId)]);
    expect(rows).toHaveLength(1);
    return rows[0].message;
  }

  describe('subject', () => {
    it('should refuse an empty subject with BAD_USER_INPUT on subject and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ subject: '' }), 'BAD_USER_INPUT', 'subject');
    });

    it('should refuse a whitespace-only subject with BAD_USER_INPUT on subject and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ subject: ' \t\n  ' }), 'BAD_USER_INPUT', 'subject');
    });

    it('should refuse a 201-character subject with BAD_USER_INPUT on subject and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ subject: 'a'.repeat(201) }), 'BAD_USER_INPUT', 'subject');
    });

    it('should accept a 200-character subject and store it whole', async () => {
      const subject = `${'b'.repeat(199)}z`;
      const before = await counts();
      const data = ok(await create(scene.owner.uid, valid({ subject })));
      expect(data.createTicket.subject).toBe(subject);
      const [row] = await app
        .em()
        .execute<{ subject: string }[]>('select subject from ticket where id = ?', [Number(data.createTicket.id)]);
      expect(row.subject).toBe(subject);
      expect(await counts()).toEqual({ tickets: before.tickets + 1, events: before.events + 1 });
    });

    it('should refuse a subject with control characters (NUL, BEL) with BAD_USER_INPUT on subject, not an internal error', async () => {
      await expectRefused(scene.owner.uid, valid({ subject: 'a\u0000b' }), 'BAD_USER_INPUT', 'subject');
      await expectRefused(scene.owner.uid, valid({ subject: 'a\u0007b' }), 'BAD_USER_INPUT', 'subject');
    });

    it('should store the subject trimmed with inner whitespace collapsed', async () => {
      const data = ok(await create(scene.owner.uid, valid({ subject: '  Wifi \n  en panne\t ' })));
      expect(data.createTicket.subject).toBe('Wifi en panne');
    });
  });

  describe('message', () => {
    it('should refuse an empty message with BAD_USER_INPUT on message and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ message: '' }), 'BAD_USER_INPUT', 'message');
    });

    it('should refuse a message that is only <p> </p> with BAD_USER_INPUT on message and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ message: '<p> </p>' }), 'BAD_USER_INPUT', 'message');
    });

    it('should refuse a message that is only &nbsp; paragraphs and line breaks', async () => {
      await expectRefused(scene.owner.uid, valid({ message: '<p>&nbsp;</p><p><br></p>' }), 'BAD_USER_INPUT', 'message');
    });

    it('should refuse a message that is only a <script> (empty after cleaning) and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ message: '<script>alert("pwned")</script>' }), 'BAD_USER_INPUT', 'message');
    });

    it('should refuse a message that is only an <iframe> or an image (empty after cleaning)', async () => {
      await expectRefused(
        scene.owner.uid,
        valid({ message: '<iframe src="https://evil.example"></iframe><img src="x" onerror="alert(1)">' }),
        'BAD_USER_INPUT',
        'message',
      );
    });

    it('should refuse a 100 001-character message with BAD_USER_INPUT on message and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ message: 'm'.repeat(100_001) }), 'BAD_USER_INPUT', 'message');
    });

    it('should accept a 100 000-character message and store it whole', async () => {
      const message = `<p>${'m'.repeat(100_000 - 7)}</p>`;
      expect(message).toHaveLength(100_000);
      const data = ok(await create(scene.owner.uid, valid({ message })));
      expect(await storedMessage(data.createTicket.id)).toBe(message);
    });

    it('should refuse a message containing NUL characters with BAD_USER_INPUT on message, not an internal error', async () => {
      await expectRefused(scene.owner.uid, valid({ message: '<p>a\u0000b</p>' }), 'BAD_USER_INPUT', 'message');
    });

    it('should check the subject before the message when both are wrong', async () => {
      await expectRefused(scene.owner.uid, valid({ subject: '', message: '' }), 'BAD_USER_INPUT', 'subject');
    });
  });

  describe('category', () => {
    it('should answer NOT_FOUND for a category id that does not exist and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ categoryId: '987654' }), 'NOT_FOUND');
    });

    it('should answer NOT_FOUND for a non-numeric category id and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ categoryId: 'abc' }), 'NOT_FOUND');
      await expectRefused(scene.owner.uid, valid({ categoryId: '-1' }), 'NOT_FOUND');
      await expectRefused(scene.owner.uid, valid({ categoryId: '99999999999999999999' }), 'NOT_FOUND');
    });

    it('should refuse a disabled category with BAD_USER_INPUT on categoryId and write nothing', async () => {
      const em = app.em();
      const category = await makeCategory(em, scene.department);
      category.enabled = false;
      await em.flush();
      await expectRefused(scene.owner.uid, valid({ categoryId: String(category.id) }), 'BAD_USER_INPUT', 'categoryId');
    });

    it('should refuse a hidden category with BAD_USER_INPUT on categoryId and write nothing', async () => {
      const em = app.em();
      const category = await makeCategory(em, scene.department);
      category.hidden = true;
      await em.flush();
      await expectRefused(scene.owner.uid, valid({ categoryId: String(category.id) }), 'BAD_USER_INPUT', 'categoryId');
    });

    it('should refuse a category of a disabled department with BAD_USER_INPUT on categoryId and write nothing', async () => {
      const em = app.em();
      const department = await makeDepartment(em, { enabled: false });
      const category = await makeCategory(em, department);
      await expectRefused(scene.owner.uid, valid({ categoryId: String(category.id) }), 'BAD_USER_INPUT', 'categoryId');
    });
  });

  describe('priority', () => {
    it('should refuse priority 0 with BAD_USER_INPUT on priority and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ priority: 0 }), 'BAD_USER_INPUT', 'priority');
    });

    it('should refuse priority 6 with BAD_USER_INPUT on priority and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ priority: 6 }), 'BAD_USER_INPUT', 'priority');
    });

    it('should accept priorities 1 and 5', async () => {
      expect(ok(await create(scene.owner.uid, valid({ priority: 1 }))).createTicket.priority).toBe(1);
      expect(ok(await create(scene.owner.uid, valid({ priority: 5 }))).createTicket.priority).toBe(5);
    });
  });

  describe('category defaults', () => {
    it('should take priority 3 and PRIVATE when neither the input nor the category says otherwise', async () => {
      const data = ok(await create(scene.owner.uid, valid()));
      expect(data.createTicket).toMatchObject({ priority: 3, visibility: 'PRIVATE', status: 'FREE' });
    });

    it('should take priority and visibility from the category when the input gives none', async () => {
      const em = app.em();
      const category = await makeCategory(em, scene.department);
      const loaded = await em.findOneOrFail(Category, category.id);
      loaded.defaultPriority = 5;
      loaded.defaultVisibility = TicketVisibility.PUBLIC;
      await em.flush();
      const data = ok(await create(scene.owner.uid, valid({ categoryId: String(category.id) })));
      expect(data.createTicket).toMatchObject({ priority: 5, visibility: 'PUBLIC' });
      const [row] = await app
        .em()
        .execute<{ priority: number; visibility: string }[]>('select priority, visibility from ticket where id = ?', [
          Number(data.createTicket.id),
        ]);
      expect(row).toEqual({ priority: 5, visibility: 'PUBLIC' });
    });

    it('should prefer the priority and visibility given in the input over the category defaults', async () => {
      const em = app.em();
      const category = await makeCategory(em, scene.department);
      const loaded = await em.findOneOrFail(Category, category.id);
      loaded.defaultPriority = 5;
      loaded.defaultVisibility = TicketVisibility.PUBLIC;
      await em.flush();
      const data = ok(await create(scene.owner.uid, valid({ categoryId: String(category.id), priority: 2, visibility: 'SUBJECT_ONLY' })));
      expect(data.createTicket).toMatchObject({ priority: 2, visibility: 'SUBJECT_ONLY' });
    });
  });

  describe('rich text cleaning', () => {
    const dirty = [
      '<p onclick="steal()">Bonjour <b>gras</b> <strong>fort</strong> <i>ital</i> <em>emph</em> <u>souligné</u></p>',
      '<ul><li>un</li></ul><ol><li>deux</li></ol>',
      '<blockquote>citation</blockquote><code>x = 1</code><pre>bloc</pre>',
      '<a href="https://univ.example.fr/aide">aide</a> <a href="mailto:support@univ.example.fr">écrire</a>',
      '<script>alert("script")</script>',
      '<img src="x" onerror="alert(\'img\')">',
      '<a href="javascript:alert(\'link\')">piège</a>',
      '<iframe src="https://evil.example/frame"></iframe>',
      '<p style="background:url(https://evil.example/track)">stylé</p>',
    ].join('');

    function expectClean(html: string): void {
      for (const bad of ['<script', 'alert(', 'onerror', 'onclick', 'javascript:', '<iframe', 'evil.example', 'style=', '<img']) {
        expect(html, `stored message contains ${bad}`).not.toContain(bad);
      }
      for (const good of [
        '<b>gras</b>',
        '<strong>fort</strong>',
        '<i>ital</i>',
        '<em>emph</em>',
        '<u>souligné</u>',
        '<ul><li>un</li></ul>',
        '<ol><li>deux</li></ol>',
        '<blockquote>citation</blockquote>',
        '<code>x = 1</code>',
        '<pre>bloc</pre>',
        '<p>stylé</p>',
      ]) {
        expect(html, `stored message lost ${good}`).toContain(good);
      }
      expect(html).toMatch(/<p>Bonjour /);
      expect(html).toMatch(/<a href="https:\/\/univ\.example\.fr\/aide"[^>]*>aide<\/a>/);
      expect(html).toMatch(/<a href="mailto:support@univ\.example\.fr"[^>]*>écrire<\/a>/);
      expect(html).toContain('piège');
    }

    it('should store the message cleaned of scripts, handlers, javascript: links, iframes and styles, keeping the allowed tags', async () => {
      const data = ok(await create(scene.owner.uid, valid({ message: dirty })));
      const fromApi = data.createTicket.history.find((e) => e.type === 'CREATED')?.message ?? '';
      expectClean(fromApi);
      const fromDb = await storedMessage(data.createTicket.id);
      expectClean(fromDb);
      expect(fromDb).toBe(fromApi);

      const read = ok(
        await app.gql<{ ticket: { history: { message: string | null }[] } }>(
          scene.manager.uid,
          'query($id: ID!) { ticket(id: $id) { history { message } } }',
          { id: data.createTicket.id },
        ),
      );
      expect(read.ticket.history[0].message).toBe(fromDb);
    });

    it('should open links outside with rel="noopener noreferrer nofollow"', async () => {
      const data = ok(await create(scene.owner.uid, valid({ message: '<p><a href="https://univ.example.fr">lien</a></p>' })));
      const stored = await storedMessage(data.createTicket.id);
      expect(stored).toContain('rel="noopener noreferrer nofollow"');
      expect(stored).toContain('target="_blank"');
    });
  });

  describe('on behalf and origin', () => {
    it('should answer FORBIDDEN when a non-staff user files on behalf of someone, and write nothing', async () => {
      await expectRefused(scene.owner.uid, valid({ ownerUid: scene.stranger.uid }), 'FORBIDDEN');
    });

    it("should answer FORBIDDEN when a member of another department files on someone's behalf", async () => {
      const other = await makeScene(app);
      await expectRefused(other.manager.uid, valid({ ownerUid: scene.owner.uid }), 'FORBIDDEN');
    });

    it('should answer BAD_USER_INPUT on ownerUid when a member files for an unknown user, and write nothing', async () => {
      await expectRefused(scene.manager.uid, valid({ ownerUid: 'nobody-by-that-uid' }), 'BAD_USER_INPUT', 'ownerUid');
    });

    it('should make the named user the owner and the department member the creator', async () => {
      const data = ok(await create(scene.manager.uid, valid({ ownerUid: scene.owner.uid })));
      expect(data.createTicket.owner.uid).toBe(scene.owner.uid);
      expect(data.createTicket.creator.uid).toBe(scene.manager.uid);
      const [row] = await app
        .em()
        .execute<{ owner: string; creator: string }[]>(
          'select o.uid as owner, c.uid as creator from ticket t join app_user o on o.id = t.owner_id join app_user c on c.id = t.creator_id where t.id = ?',
          [Number(data.createTicket.id)],
        );
      expect(row).toEqual({ owner: scene.owner.uid, creator: scene.manager.uid });
      // The owner reads the ticket filed for them.
      const read = await app.gql<{ ticket: { id: string } }>(scene.owner.uid, 'query($id: ID!) { ticket(id: $id) { id } }', {
        id: data.createTicket.id,
      });
      expect(ok(read).ticket.id).toBe(data.createTicket.id);
    });

    it('should ignore the origin given by a non-staff user (WEB)', async () => {
      const data = ok(await create(scene.owner.uid, valid({ origin: 'PHONE' })));
      // The origin is for staff only (issue 6): the owner reads null, the row says WEB.
      expect(data.createTicket.origin).toBeNull();
      const [row] = await app.em().execute<{ origin: string }[]>('select origin from ticket where id = ?', [Number(data.createTicket.id)]);
      expect(row.origin).toBe('WEB');
      // The department's staff read it: "Origine : Web" in the portlet's Propriétés.
      const staff = await app.gql<{ ticket: { origin: string | null } }>(
        scene.manager.uid,
        'query($id: ID!) { ticket(id: $id) { origin } }',
        {
          id: data.createTicket.id,
        },
      );
      expect(ok(staff).ticket.origin).toBe('WEB');
    });

    it('should keep the origin given by a department member', async () => {
      const data = ok(await create(scene.manager.uid, valid({ origin: 'PHONE', ownerUid: scene.owner.uid })));
      expect(data.createTicket.origin).toBe('PHONE');
    });

    it('should make the viewer both owner and creator when no ownerUid is given', async () => {
      const data = ok(await create(scene.owner.uid, valid()));
      expect(data.createTicket.owner.uid).toBe(scene.owner.uid);
      expect(data.createTicket.creator.uid).toBe(scene.owner.uid);
      expect(data.createTicket.history.map((e) => e.type)).toEqual(['CREATED']);
    });
  });

  describe('clientRequestId (a retried filing)', () => {
    const key = (): string => `req-${Math.random().toString(36).slice(2)}`;

    it('should answer the ticket already filed to a retry with the same key, and file nothing more', async () => {
      const clientRequestId = key();
      const before = await counts();
      const first = ok(await create(scene.owner.uid, valid({ clientRequestId })));
      const filed = await counts();
      expect(filed.tickets).toBe(before.tickets + 1);
      // The retry answers the same ticket even though its other fields changed (the key decides).
      const retry = ok(await create(scene.owner.uid, valid({ clientRequestId, subject: 'Autre sujet' })));
      expect(retry.createTicket.id).toBe(first.createTicket.id);
      expect(retry.createTicket.subject).toBe('Connexion impossible');
      expect(await counts()).toEqual(filed);
    });

    it('should file a ticket of their own for another person who sends the same key', async () => {
      const clientRequestId = key();
      const mine = ok(await create(scene.owner.uid, valid({ clientRequestId })));
      const theirs = ok(await create(scene.stranger.uid, valid({ clientRequestId })));
      expect(theirs.createTicket.id).not.toBe(mine.createTicket.id);
      expect(theirs.createTicket.owner.uid).toBe(scene.stranger.uid);
    });

    it('should answer one ticket to two tries of the same request sent at once', async () => {
      const clientRequestId = key();
      const before = await counts();
      const [a, b] = await Promise.all([1, 2].map(() => create(scene.owner.uid, valid({ clientRequestId }))));
      expect(ok(a).createTicket.id).toBe(ok(b).createTicket.id);
      expect((await counts()).tickets).toBe(before.tickets + 1);
    });

    it('should refuse an empty key, a 101-character key and keys with spaces or control characters with BAD_USER_INPUT, writing nothing', async () => {
      for (const clientRequestId of ['', 'a'.repeat(101), 'deux mots', 'a\u0000b', 'é']) {
        await expectRefused(scene.owner.uid, valid({ clientRequestId }), 'BAD_USER_INPUT', 'clientRequestId');
      }
      ok(await create(scene.owner.uid, valid({ clientRequestId: 'a'.repeat(100) })));
    });

    it('should answer CONFLICT, and file nothing, when the key names a ticket its creator may no longer read', async () => {
      const own = await makeScene(app);
      const clientRequestId = key();
      ok(await create(own.manager.uid, valid({ categoryId: String(own.category.id), ownerUid: own.owner.uid, clientRequestId })));
      // The manager leaves the department, which becomes confidential: the ticket they filed is out of their sight.
      await app.em().execute('delete from department_member where department_id = ? and user_id = ?', [own.department.id, own.manager.id]);
      await app.em().execute('update department set confidential = true where id = ?', [own.department.id]);
      await expectRefused(own.manager.uid, valid({ clientRequestId }), 'CONFLICT');
    });
  });
});
