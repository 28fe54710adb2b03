import { beforeAll, describe, expect, it } from 'vitest';
import type { Category } from '../../server/model/category.entity.js';
import { fileTicket, makeCategory, makeDepartment, makeUser, unique, type Scene } from '../factories.js';
import { useScene, useTestApp } from '../fixture.js';
import { PNG } from '../file-samples.js';
import { ok, type GqlResult } from '../harness.js';
import { gqlUpload, type UploadFile } from '../uploads.js';

/**
 * THE security matrix (docs/domain.md, "Who may read what": "A ticket a user may not read does not exist for them:
 * NOT_FOUND, never FORBIDDEN, in every API"). For every query and mutation that takes a ticket (or file) id,
 * a viewer who may not read the ticket gets exactly the answer an id that does not exist gets.
 */

const MISSING = '999999';
const ALL_STATUSES = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED'];

/** Everything a field needs to be called validly on one ticket. */
interface Target {
  id: string;
  scene: Scene;
  /** Another category of the ticket's department (a legal move). */
  otherCategory: Category;
  /** A user invited to the ticket (a legal removeInvitation). */
  inviteeId: number;
  /** Words only this ticket's subject and description hold. */
  words: string[];
  /** A file attached to the ticket by its owner (a legal deleteAttachment). */
  attachmentId: string;
}

interface FieldCase {
  document: string;
  variables: (ticketId: string, target: Target, viewerUid: string) => Record<string, unknown>;
  /** Sent as a multipart request with these files. */
  files?: UploadFile[];
}

const future = (): string => new Date(Date.now() + 3 * 86_400_000).toISOString();
const M = '<p>Un message parfaitement valide.</p>';
const simple = (field: string, withMessage: 'none' | 'optional' | 'required'): FieldCase => ({
  document:
    withMessage === 'none'
      ? `mutation($id: ID!) { r: ${field}(ticketId: $id) { id } }`
      : `mutation($id: ID!, $m: String${withMessage === 'required' ? '!' : ''}) { r: ${field}(ticketId: $id, message: $m) { id } }`,
  variables: (id) => (withMessage === 'none' ? { id } : { id, m: M }),
});

/** Keyed "Query.x" / "Mutation.x": the test below fails when the schema and this table disagree. */
const FIELDS: Record<string, FieldCase> = {
  'Query.ticket': {
    document: 'query($id: ID!) { r: ticket(id: $id) { id subject status owner { uid } history { type message } } }',
    variables: (id) => ({ id }),
  },
  'Query.ticketStatusChangesSince': {
    // What a reconnecting live client fetches: the ticket's status changes after an event id.
    document:
      'query($id: ID!) { r: ticketStatusChangesSince(afterEventId: "0", ticketId: $id) { from to ticket { id subject } event { id message } } }',
    variables: (id) => ({ id }),
  },
  'Mutation.takeTicket': simple('takeTicket', 'none'),
  'Mutation.assignTicket': {
    document: 'mutation($id: ID!, $to: ID!) { r: assignTicket(ticketId: $id, managerId: $to) { id } }',
    variables: (id, t) => ({ id, to: String(t.scene.manager2.id) }),
  },
  'Mutation.freeTicket': simple('freeTicket', 'none'),
  'Mutation.requestInformation': simple('requestInformation', 'required'),
  'Mutation.addComment': simple('addComment', 'required'),
  'Mutation.postponeTicket': {
    document: 'mutation($id: ID!, $until: DateTime!, $m: String) { r: postponeTicket(ticketId: $id, until: $until, message: $m) { id } }',
    variables: (id) => ({ id, until: future(), m: M }),
  },
  'Mutation.recallTicket': simple('recallTicket', 'none'),
  'Mutation.requestClosure': simple('requestClosure', 'required'),
  'Mutation.closeTicket': simple('closeTicket', 'optional'),
  'Mutation.approveClosure': simple('approveClosure', 'optional'),
  'Mutation.refuseClosure': simple('refuseClosure', 'required'),
  'Mutation.cancelTicket': simple('cancelTicket', 'optional'),
  'Mutation.refuseTicket': simple('refuseTicket', 'required'),
  'Mutation.reopenTicket': simple('reopenTicket', 'required'),
  'Mutation.moveTicket': {
    document: 'mutation($id: ID!, $c: ID!, $m: String) { r: moveTicket(ticketId: $id, categoryId: $c, message: $m) { id } }',
    variables: (id, t) => ({ id, c: String(t.otherCategory.id), m: M }),
  },
  'Mutation.inviteUser': {
    // The most tempting attack: invite oneself to a ticket one cannot read.
    document: 'mutation($id: ID!, $u: String!) { r: inviteUser(ticketId: $id, user: $u) { id } }',
    variables: (id, _t, viewerUid) => ({ id, u: viewerUid }),
  },
  'Mutation.removeInvitation': {
    document: 'mutation($id: ID!, $u: ID!) { r: removeInvitation(ticketId: $id, userId: $u) { id } }',
    variables: (id, t) => ({ id, u: String(t.inviteeId) }),
  },
  'Mutation.watchTicket': simple('watchTicket', 'none'),
  'Mutation.bookmarkTicket': {
    document: 'mutation($id: ID!) { r: bookmarkTicket(ticketId: $id, bookmarked: true) { id } }',
    variables: (id) => ({ id }),
  },
  'Mutation.markTicketRead': simple('markTicketRead', 'none'),
  'Mutation.unwatchTicket': simple('unwatchTicket', 'none'),
  'Mutation.attachFiles': {
    document: 'mutation($id: ID!, $files: [Upload!]!) { r: attachFiles(ticketId: $id, files: $files) { id } }',
    variables: (id) => ({ id, files: [null] }),
    files: [{ path: 'variables.files.0', name: 'capture.png', bytes: PNG }],
  },
  'Mutation.deleteAttachment': {
    // The file of the ticket at hand, or one that does not exist.
    document: 'mutation($a: ID!) { r: deleteAttachment(attachmentId: $a) { id } }',
    variables: (id, t) => ({ a: id === t.id ? t.attachmentId : MISSING }),
  },
  'Mutation.updateTicket': {
    document: 'mutation($id: ID!, $in: UpdateTicketInput!) { r: updateTicket(ticketId: $id, input: $in) { id } }',
    variables: (id) => ({ id, in: { priority: 5, subject: 'Sujet changé' } }),
  },
  'Mutation.changeOwner': {
    // Another tempting attack: make oneself the owner of a ticket one cannot read.
    document: 'mutation($id: ID!, $u: String!) { r: changeOwner(ticketId: $id, user: $u) { id } }',
    variables: (id, _t, viewerUid) => ({ id, u: viewerUid }),
  },
};

interface TypeRef {
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string }[];
  type: TypeRef;
}
const TYPE = 'type { name ofType { name ofType { name ofType { name } } } }';
const INTROSPECT = `{ __schema {
  queryType { fields { name args { name } ${TYPE} } }
  mutationType { fields { name args { name } ${TYPE} } }
} }`;
const namedType = (t: TypeRef | null): string | null => (t === null ? null : (t.name ?? namedType(t.ofType)));

/** The answer with the ticket id the caller sent replaced, so a hidden id and MISSING compare equal. */
function normalise(result: GqlResult<unknown>, id: string): unknown {
  const pattern = new RegExp(`\\b${id}\\b`, 'g');
  return {
    status: result.status,
    data: result.data,
    errors: result.errors?.map((e) => ({ ...e, message: e.message.replace(pattern, '<id>') })),
  };
}

describe('a ticket the viewer may not read does not exist for them', () => {
  const app = useTestApp();
  const d1 = useScene(app); // ordinary department
  const dc = useScene(app, { confidential: true }); // confidential department
  const d2 = useScene(app); // another ordinary department
  let privateTicket: Target;
  let confidentialPublic: Target;
  let confidentialSubjectOnly: Target;
  const WORDS = {
    subject: 'xylophone',
    description: 'quinconce',
    confSubject: 'zeppelin',
    confDescription: 'palindrome',
    comment: 'hippocampe',
  };

  const call = (uid: string, key: string, ticketId: string, target: Target): Promise<GqlResult<unknown>> => {
    const field = FIELDS[key];
    const variables = field.variables(ticketId, target, uid);
    if (field.files) return gqlUpload(app, uid, { query: field.document, variables, files: field.files });
    return app.gql(uid, field.document, variables);
  };

  /** Everything a failed attempt must leave untouched. */
  const snapshot = async (id: string): Promise<unknown> => {
    const em = app.em();
    const n = Number(id);
    const [ticket, events, invitations, watchers, allEvents, files] = await Promise.all([
      em.execute<{ row: string }[]>('select row_to_json(t)::text as row from ticket t where t.id = ?', [n]),
      em.execute<{ n: string }[]>('select count(*) as n from ticket_event where ticket_id = ?', [n]),
      em.execute<{ n: string }[]>('select count(*) as n from invitation where ticket_id = ?', [n]),
      em.execute<{ n: string }[]>('select count(*) as n from watcher where ticket_id = ?', [n]),
      em.execute<{ n: string }[]>('select count(*) as n from ticket_event'),
      em.execute<{ n: string }[]>('select count(*) as n from attachment where ticket_id = ? and deleted_at is null', [n]),
    ]);
    return {
      ticket: ticket[0]?.row,
      events: events[0]?.n,
      invitations: invitations[0]?.n,
      watchers: watchers[0]?.n,
      allEvents: allEvents[0]?.n,
      files: files[0]?.n,
    };
  };

  /** A ticket filed by the scene's owner, taken by its manager, with one invitee and a comment. */
  const makeTarget = async (scene: Scene, extra: Record<string, unknown>, subject: string, description: string): Promise<Target> => {
    const id = await fileTicket(app, scene.owner.uid, scene.category.id, {
      subject,
      message: `<p>Le mot est ${description}.</p>`,
      ...extra,
    });
    const invitee = await makeUser(app.em(), unique('invitee'));
    ok(await app.gql(scene.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(
      await app.gql(scene.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', {
        id,
        u: invitee.uid,
      }),
    );
    ok(
      await app.gql(scene.owner.uid, 'mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m) { id } }', {
        id,
        m: `<p>${WORDS.comment}</p>`,
      }),
    );
    const otherCategory = await makeCategory(app.em().fork(), scene.department, unique('Autre '));
    const attached = await gqlUpload<{ attachFiles: { attachments: { id: string }[] } }>(app, scene.owner.uid, {
      query: 'mutation($id: ID!, $files: [Upload!]!) { attachFiles(ticketId: $id, files: $files) { attachments { id } } }',
      variables: { id, files: [null] },
      files: [{ path: 'variables.files.0', name: 'capture.png', bytes: PNG }],
    });
    const attachmentId = ok(attached).attachFiles.attachments[0].id;
    return { id, scene, otherCategory, inviteeId: invitee.id, words: [subject.split(' ')[1], description], attachmentId };
  };

  beforeAll(async () => {
    privateTicket = await makeTarget(d1, {}, `Imprimante ${WORDS.subject}`, WORDS.description);
    confidentialPublic = await makeTarget(dc, { visibility: 'PUBLIC' }, `Panne ${WORDS.confSubject}`, WORDS.confDescription);
    confidentialSubjectOnly = await makeTarget(dc, { visibility: 'SUBJECT_ONLY' }, `Panne ${WORDS.confSubject} bis`, WORDS.confDescription);
    // The outsiders have tickets of their own, so their lists are not trivially empty.
    await fileTicket(app, d1.stranger.uid, d1.category.id, { subject: 'Mon propre ticket' });
    await fileTicket(app, d2.owner.uid, d2.category.id, { subject: 'Ticket du deuxième service', visibility: 'PUBLIC' });
  });

  it('should cover every query and mutation of the schema that takes a ticket id', async () => {
    const schema = ok(
      await app.gql<{ __schema: { queryType: { fields: IntrospectedField[] }; mutationType: { fields: IntrospectedField[] } } }>(
        d1.owner.uid,
        INTROSPECT,
      ),
    ).__schema;
    const takesTicket = (f: IntrospectedField): boolean =>
      f.args.some((a) => a.name === 'ticketId' || a.name === 'attachmentId') ||
      (f.args.some((a) => a.name === 'id') && namedType(f.type) === 'Ticket');
    const found = [
      ...schema.queryType.fields.filter(takesTicket).map((f) => `Query.${f.name}`),
      ...schema.mutationType.fields.filter(takesTicket).map((f) => `Mutation.${f.name}`),
    ].sort();
    // A new field that takes a ticket id must be added to FIELDS (and so checked below).
    expect(found).toEqual(Object.keys(FIELDS).sort());
  });

  const cases: { label: string; viewer: () => string; target: () => Target }[] = [
    { label: 'a stranger on a PRIVATE ticket', viewer: () => d1.stranger.uid, target: () => privateTicket },
    { label: 'a supervisor of another department on a PRIVATE ticket', viewer: () => d2.supervisor.uid, target: () => privateTicket },
    { label: "a stranger on a confidential department's PUBLIC ticket", viewer: () => d1.stranger.uid, target: () => confidentialPublic },
    {
      label: "a member of another department on a confidential department's PUBLIC ticket",
      viewer: () => d1.supervisor.uid,
      target: () => confidentialPublic,
    },
    {
      label: "a stranger on a confidential department's SUBJECT_ONLY ticket",
      viewer: () => d2.stranger.uid,
      target: () => confidentialSubjectOnly,
    },
  ];

  for (const c of cases) {
    it(`should answer ${c.label} exactly as for a ticket that does not exist, and change nothing`, async () => {
      const target = c.target();
      const uid = c.viewer();
      const before = await snapshot(target.id);
      for (const key of Object.keys(FIELDS)) {
        const hidden = await call(uid, key, target.id, target);
        const missing = await call(uid, key, MISSING, target);
        expect(hidden.errors?.[0]?.extensions?.code, key).toBe('NOT_FOUND');
        expect(normalise(hidden, target.id), key).toEqual(normalise(missing, MISSING));
      }
      expect(await snapshot(target.id)).toEqual(before);
    });
  }

  it('should answer a reader differently from a missing id for every field (the comparison above is not vacuous)', async () => {
    // A fresh ticket of the same kind, worked by the department's supervisor: no answer may be NOT_FOUND.
    const control = await makeTarget(d1, {}, 'Ticket contrôle', 'controle');
    for (const key of Object.keys(FIELDS)) {
      const seen = await call(d1.supervisor.uid, key, control.id, control);
      const missing = await call(d1.supervisor.uid, key, MISSING, control);
      expect(seen.errors?.[0]?.extensions?.code, key).not.toBe('NOT_FOUND');
      expect(normalise(seen, control.id), key).not.toEqual(normalise(missing, MISSING));
    }
  });

  describe('lists, counts and search', () => {
    const LIST = 'query($f: TicketFilter) { tickets(filter: $f, first: 100) { totalCount edges { node { id subject status } } } }';
    const COUNTS = 'query($f: TicketFilter) { ticketCounts(filter: $f) { status count } }';
    type List = { tickets: { totalCount: number; edges: { node: { id: string; subject: string; status: string } }[] } };
    const list = async (uid: string, filter: Record<string, unknown>): Promise<List['tickets']> =>
      ok(await app.gql<List>(uid, LIST, { f: filter })).tickets;
    /** ticketCounts over every status, by status. */
    const counts = async (uid: string, filter: Record<string, unknown>): Promise<Map<string, number>> => {
      const { orderBy: _ignored, ...rest } = filter;
      const data = ok(
        await app.gql<{ ticketCounts: { status: string; count: number }[] }>(uid, COUNTS, { f: { ...rest, statuses: ALL_STATUSES } }),
      );
      return new Map(data.ticketCounts.map((c) => [c.status, c.count]));
    };

    const ORDERS = ['LAST_ACTIVITY', 'CREATED', 'NUMBER', 'PRIORITY'].flatMap((field) =>
      ['ASC', 'DESC'].map((direction) => ({ orderBy: { field, direction } })),
    );
    const filters = (t: Target): Record<string, unknown>[] => [
      {},
      ...['OWNER', 'INVITED', 'MANAGER', 'DEPARTMENT', 'WATCHING'].map((involvement) => ({ involvement })),
      { statuses: ALL_STATUSES },
      { departmentId: String(t.scene.department.id) },
      { categoryId: String(t.scene.category.id) },
      // The filters of issue 6, each naming the hidden ticket's own people and values.
      { ownerId: String(t.scene.owner.id) },
      { managerId: String(t.scene.manager.id) },
      { priorities: [1, 2, 3, 4, 5] },
      { unassigned: false },
      { unassigned: true },
      ...ORDERS,
      // Its number, as a search.
      { search: t.id },
      { search: `#${t.id}` },
    ];
    const searches = [WORDS.subject, WORDS.description, WORDS.confSubject, WORDS.confDescription, WORDS.comment, 'imprimante', 'panne'];

    for (const c of cases) {
      it(`should never list, count or find the ticket for ${c.label}`, async () => {
        const target = c.target();
        const uid = c.viewer();
        const before = await snapshot(target.id);
        for (const filter of [...filters(target), ...searches.map((search) => ({ search }))]) {
          const page = await list(uid, filter);
          const label = JSON.stringify(filter);
          expect(
            page.edges.map((e) => e.node.id),
            label,
          ).not.toContain(target.id);
          expect(page.totalCount, label).toBe(page.edges.length);
          // The queue counts agree with the list, status by status, so the hidden ticket is not counted either.
          const byStatus = await counts(uid, filter);
          for (const status of ALL_STATUSES)
            expect(byStatus.get(status), `${label} ${status}`).toBe(page.edges.filter((e) => e.node.status === status).length);
        }
        // Words only hidden tickets hold: nothing at all, not even a count.
        for (const search of target.words) {
          expect((await list(uid, { search })).totalCount, search).toBe(0);
          expect(
            [...(await counts(uid, { search })).values()].every((n) => n === 0),
            search,
          ).toBe(true);
        }
        expect(await snapshot(target.id)).toEqual(before);
      });
    }

    it('should find and count the same tickets for their owner (the searches above can match)', async () => {
      expect((await list(d1.owner.uid, { search: WORDS.subject })).edges.map((e) => e.node.id)).toContain(privateTicket.id);
      expect((await list(d1.owner.uid, { search: WORDS.description })).edges.map((e) => e.node.id)).toContain(privateTicket.id);
      const conf = await list(dc.owner.uid, { search: WORDS.confDescription });
      expect(conf.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining([confidentialPublic.id, confidentialSubjectOnly.id]));
      expect(conf.totalCount).toBe(conf.edges.length);
      // The filters of issue 6 and a search by number find it too, and the counts hold it.
      for (const filter of filters(privateTicket)) {
        // Those the owner's ticket does not fit: no manager, invited, managing, watching, the department's queue.
        if (filter.unassigned === true || ['INVITED', 'MANAGER', 'WATCHING', 'DEPARTMENT'].includes(String(filter.involvement))) continue;
        expect(
          (await list(d1.owner.uid, filter)).edges.map((e) => e.node.id),
          JSON.stringify(filter),
        ).toContain(privateTicket.id);
      }
      expect((await counts(d1.owner.uid, { search: privateTicket.id })).get('IN_PROGRESS')).toBe(1);
    });

    it('should keep hidden tickets out of ownerRecentTickets of staff in another department', async () => {
      // The owners of the hidden tickets also file in d2, whose supervisor then looks at those.
      const fromD1Owner = await fileTicket(app, d1.owner.uid, d2.category.id);
      const fromDcOwner = await fileTicket(app, dc.owner.uid, d2.category.id);
      const Q = 'query($id: ID!) { ticket(id: $id) { ownerRecentTickets { id } } }';
      type R = { ticket: { ownerRecentTickets: { id: string }[] } };
      const recent1 = ok(await app.gql<R>(d2.supervisor.uid, Q, { id: fromD1Owner })).ticket.ownerRecentTickets.map((t) => t.id);
      const recentC = ok(await app.gql<R>(d2.supervisor.uid, Q, { id: fromDcOwner })).ticket.ownerRecentTickets.map((t) => t.id);
      expect(recent1).not.toContain(privateTicket.id);
      expect(recentC).not.toContain(confidentialPublic.id);
      expect(recentC).not.toContain(confidentialSubjectOnly.id);
      // Control: a PUBLIC ticket of the same owner in d1 is readable, so it is listed.
      const publicOne = await fileTicket(app, d1.owner.uid, d1.category.id, { visibility: 'PUBLIC' });
      const again = ok(await app.gql<R>(d2.supervisor.uid, Q, { id: fromD1Owner })).ticket.ownerRecentTickets.map((t) => t.id);
      expect(again).toContain(publicOne);
      expect(again).not.toContain(privateTicket.id);
    });
  });
  describe('ids named in a filter', () => {
    /** For every ID field of TicketFilter: an id of something that exists but that the viewer (d1's stranger) may not see. */
    const HIDDEN: Record<string, () => Promise<string>> = {
      departmentId: async () => String((await makeDepartment(app.em(), { enabled: false })).id),
      categoryId: async () => {
        const category = await makeCategory(app.em(), d1.department, unique('Cachée '));
        await app.em().execute('update category set hidden = true where id = ?', [category.id]);
        return String(category.id);
      },
      managerId: () => provisionalUser(),
      ownerId: () => provisionalUser(),
    };
    const provisionalUser = async (): Promise<string> => {
      const user = await makeUser(app.em(), unique('invited'));
      await app.em().execute('update app_user set provisional = true where id = ?', [user.id]);
      return String(user.id);
    };

    it('should cover every id a TicketFilter takes', async () => {
      const Q = `{ __type(name: "TicketFilter") { inputFields { name ${TYPE} } } }`;
      type R = { __type: { inputFields: { name: string; type: TypeRef }[] } };
      const fields = ok(await app.gql<R>(d1.owner.uid, Q)).__type.inputFields;
      // A new id filter must say here what a hidden id of its kind is (and so be checked below).
      expect(
        fields
          .filter((f) => namedType(f.type) === 'ID')
          .map((f) => f.name)
          .sort(),
      ).toEqual(Object.keys(HIDDEN).sort());
    });

    it('should answer a hidden id in tickets and ticketCounts exactly as an unknown one, and change nothing', async () => {
      const before = await snapshot(privateTicket.id);
      for (const [field, hiddenId] of Object.entries(HIDDEN)) {
        const id = await hiddenId();
        for (const document of [
          'query($f: TicketFilter) { r: tickets(filter: $f) { totalCount edges { node { id } } } }',
          'query($f: TicketFilter) { r: ticketCounts(filter: $f) { status count } }',
        ]) {
          const hidden = await app.gql(d1.stranger.uid, document, { f: { [field]: id } });
          const missing = await app.gql(d1.stranger.uid, document, { f: { [field]: MISSING } });
          expect(hidden.errors?.[0]?.extensions?.code, field).toBe('NOT_FOUND');
          expect(normalise(hidden, id), field).toEqual(normalise(missing, MISSING));
          // Control: an admin may name it.
          expect((await app.gql(d1.admin.uid, document, { f: { [field]: id } })).errors, field).toBeUndefined();
        }
      }
      expect(await snapshot(privateTicket.id)).toEqual(before);
    });
  });

  describe('what each reader sees of a ticket', () => {
    /** The fields a reader of a SUBJECT_ONLY ticket gets (the last two are about the viewer, not the ticket). */
    // `bookmarked` and `unread` are the viewer's own marks (no entry is readable at this level, so never unread).
    const SUBJECT_FIELDS = ['id', 'number', 'subject', 'status', 'createdAt', 'watching', 'allowedActions', 'bookmarked', 'unread'];
    /** Fields for the department's staff only. */
    const STAFF_FIELDS = ['spentMinutes', 'origin', 'watchers', 'ownerRecentTickets'];
    let subjectOnly: Target;
    let everyField: string;

    beforeAll(async () => {
      subjectOnly = await makeTarget(d1, { visibility: 'SUBJECT_ONLY' }, 'Sujet visible', 'invisible');
      ok(await app.gql(d1.manager2.uid, 'mutation($id: ID!) { watchTicket(ticketId: $id) { id } }', { id: subjectOnly.id }));
      ok(
        await app.gql(d1.manager.uid, 'mutation($id: ID!, $in: UpdateTicketInput!) { updateTicket(ticketId: $id, input: $in) { id } }', {
          id: subjectOnly.id,
          in: { spentMinutes: 30, origin: 'PHONE' },
        }),
      );
      await fileTicket(app, d1.owner.uid, d1.category.id, { subject: 'Un autre de ses tickets' });
      // Every field of Ticket, found by introspection: a field added later is checked without anyone listing it here.
      const Q =
        '{ __type(name: "Ticket") { fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }';
      type Kinded = { kind: string; name: string | null; ofType: Kinded | null };
      const leaf = (t: Kinded): Kinded => (t.ofType ? leaf(t.ofType) : t);
      const fields = ok(await app.gql<{ __type: { fields: { name: string; args: unknown[]; type: Kinded }[] } }>(d1.owner.uid, Q)).__type
        .fields;
      everyField = fields
        .filter((f) => f.args.length === 0)
        .map((f) => (['OBJECT', 'INTERFACE', 'UNION'].includes(leaf(f.type).kind) ? `${f.name} { __typename }` : f.name))
        .join(' ');
    });

    const read = async (uid: string): Promise<Record<string, unknown>> =>
      ok(
        await app.gql<{ ticket: Record<string, unknown> }>(uid, `query($id: ID!) { ticket(id: $id) { ${everyField} } }`, {
          id: subjectOnly.id,
        }),
      ).ticket;
    const empty = (value: unknown): boolean => value === null || (Array.isArray(value) && value.length === 0);

    it('should give someone who may only read the subject its number, subject, status and creation date, and nothing else', async () => {
      const seen = await read(d1.stranger.uid);
      expect(seen).toMatchObject({ id: subjectOnly.id, number: Number(subjectOnly.id), subject: 'Sujet visible', status: 'IN_PROGRESS' });
      expect(typeof seen.createdAt).toBe('string');
      const leaked = Object.entries(seen).filter(([field, value]) => !SUBJECT_FIELDS.includes(field) && !empty(value));
      expect(leaked).toEqual([]);
    });

    it('should give the owner every detail but the staff fields (the check above is not vacuous)', async () => {
      const seen = await read(d1.owner.uid);
      for (const field of [
        'priority',
        'visibility',
        'category',
        'department',
        'owner',
        'creator',
        'manager',
        'updatedAt',
        'lastActivityAt',
        'history',
        'invitees',
      ])
        expect(empty(seen[field]), field).toBe(false);
      for (const field of STAFF_FIELDS) expect(empty(seen[field]), field).toBe(true);
    });

    it("should keep time spent, origin, watchers and the owner's other tickets for the department's staff", async () => {
      const Q = 'query($id: ID!) { ticket(id: $id) { spentMinutes origin watchers { uid } ownerRecentTickets { id } } }';
      type R = {
        ticket: { spentMinutes: number | null; origin: string | null; watchers: { uid: string }[]; ownerRecentTickets: unknown[] };
      };
      const staff = ok(await app.gql<R>(d1.supervisor.uid, Q, { id: subjectOnly.id })).ticket;
      expect(staff.spentMinutes).toBe(30);
      expect(staff.origin).toBe('PHONE');
      expect(staff.watchers.map((w) => w.uid)).toEqual([d1.manager2.uid]);
      expect(staff.ownerRecentTickets.length).toBeGreaterThan(0);
      // The owner and the invitee read the ticket in full, a stranger its subject: none of them is staff.
      const invitee = (await app.em().execute<{ uid: string }[]>('select uid from app_user where id = ?', [subjectOnly.inviteeId]))[0].uid;
      // Staff of another department is no one's staff here either.
      for (const uid of [d1.owner.uid, invitee, d1.stranger.uid, d2.supervisor.uid]) {
        expect(ok(await app.gql<R>(uid, Q, { id: subjectOnly.id })).ticket, uid).toEqual({
          spentMinutes: null,
          origin: null,
          watchers: [],
          ownerRecentTickets: [],
        });
      }
    });
  });
});
