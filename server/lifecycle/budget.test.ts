import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { callAction } from '../../test/actions.js';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { gqlUpload } from '../../test/uploads.js';
import type { ActionDeclaration, ActionArgs } from './action.js';
import { move } from './move.actions.js';
import { changeOwner, invite, removeInvitation, unwatch, watch } from './participants.actions.js';
import * as status from './status.actions.js';
import { update } from './update.actions.js';

const CREATE = 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }';

/** What a refusal must carry (docs/api.md, "Errors"): 429, RATE_LIMITED, retryAfter in seconds and the same Retry-After. */
interface Answer {
  status: number;
  code: unknown;
  retryAfter: unknown;
  retryAfterHeader: string | null;
}

describe('write budgets (the defaults: 20 filings an hour, 100 a day, 10 messages a minute per ticket)', () => {
  const app = useTestApp({
    FILING_LIMIT_PER_HOUR: '',
    FILING_LIMIT_PER_DAY: '',
    STAFF_FILING_LIMIT_PER_HOUR: '',
    STAFF_FILING_LIMIT_PER_DAY: '',
    COMMENT_LIMIT_PER_MINUTE: '',
  });
  const s = useScene(app);

  /** Files a ticket as `uid` and keeps what a refusal must carry. */
  const file = async (uid: string, input: Record<string, unknown> = {}): Promise<Answer> => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token(uid)}` },
      body: JSON.stringify({
        query: CREATE,
        variables: { input: { categoryId: String(s.category.id), subject: 'Flood', message: '<p>encore</p>', ...input } },
      }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: unknown; retryAfter?: unknown } }[] };
    const extensions = body.errors?.[0]?.extensions ?? {};
    return {
      status: res.status,
      code: extensions.code,
      retryAfter: extensions.retryAfter,
      retryAfterHeader: res.headers.get('retry-after'),
    };
  };

  /** Every row a refused write must leave as it was, and the bytes on disk. */
  const snapshot = async (): Promise<unknown> => {
    const [counts] = await app.em().execute<Record<string, number>[]>(
      `select (select count(*)::int from ticket) as tickets, (select count(*)::int from ticket_event) as events,
              (select count(*)::int from attachment) as files, (select count(*)::int from pending_file) as pending`,
    );
    const onDisk = (await readdir(app.filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
    return { ...counts, onDisk };
  };

  it('should let a student file exactly 20 of 200 tickets sent within seconds, refuse the rest with RATE_LIMITED and write nothing for them', async () => {
    const student = await makeUser(app.em(), unique('flooder'));
    const before = (await snapshot()) as { tickets: number; events: number };
    const answers: Answer[] = [];
    for (let wave = 0; wave < 8; wave++) answers.push(...(await Promise.all(Array.from({ length: 25 }, () => file(student.uid)))));

    expect(answers.filter((a) => a.status === 200 && a.code === undefined)).toHaveLength(20);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(180);
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(answer.retryAfter).toBeGreaterThanOrEqual(1);
      expect(answer.retryAfter).toBeLessThanOrEqual(3600);
      expect(Number(answer.retryAfterHeader)).toBe(answer.retryAfter);
    }
    // Twenty tickets, each with its one CREATED entry: nothing of the others, not even half.
    expect(await snapshot()).toEqual({ ...before, tickets: before.tickets + 20, events: before.events + 20 });
    const [mine] = await app.em().execute<{ n: number }[]>('select count(*)::int as n from ticket where creator_id = ?', [student.id]);
    expect(mine.n).toBe(20);

    // Past the budget, a filing with a file claims nothing: the upload is let go once answered.
    const unchanged = await snapshot();
    const withFile = await gqlUpload(app, student.uid, {
      query: 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
      variables: { input: { categoryId: String(s.category.id), subject: 'Avec pièce', message: '<p>voir</p>', attachments: [null] } },
      files: [{ path: 'variables.input.attachments.0', name: 'capture.png', bytes: S.PNG }],
    });
    expect(withFile.status).toBe(429);
    expect(errorCode(withFile)).toBe('RATE_LIMITED');
    for (let i = 0; i < 40 && JSON.stringify(await snapshot()) !== JSON.stringify(unchanged); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await snapshot()).toEqual(unchanged);

    // Another student is not affected.
    expect(await file(s.stranger.uid)).toMatchObject({ status: 200, code: undefined });
  });

  it('should give staff a budget of their own, spent by whoever files, on behalf of someone or not', async () => {
    const student = await makeUser(app.em(), unique('spent'));
    for (let i = 0; i < 20; i++) expect((await file(student.uid)).status).toBe(200);
    expect(await file(student.uid)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // The desk files past the student's 20 for that very student: the filer's budget is spent, not the owner's.
    for (let i = 0; i < 25; i++)
      expect(await file(s.manager.uid, { ownerUid: student.uid })).toMatchObject({ status: 200, code: undefined });
  });

  it('should refuse the 11th message of a person on one ticket within a minute, while another ticket and another person pass', async () => {
    const first = await fileTicket(app, s.owner.uid, s.category.id);
    const second = await fileTicket(app, s.owner.uid, s.category.id);
    const comment = (uid: string, ticketId: string, message: string): ReturnType<typeof callAction> =>
      callAction(app, uid, 'addComment', { ticketId, message }, 'id');
    for (let i = 1; i <= 10; i++) ok(await comment(s.owner.uid, first, `<p>message ${i}</p>`));
    const [{ n: before }] = await app
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from ticket_event where ticket_id = ?', [Number(first)]);

    const eleventh = await comment(s.owner.uid, first, '<p>message 11</p>');
    expect(eleventh.status).toBe(429);
    expect(errorCode(eleventh)).toBe('RATE_LIMITED');
    const [{ n: after }] = await app
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from ticket_event where ticket_id = ?', [Number(first)]);
    expect(after).toBe(before);

    ok(await comment(s.owner.uid, second, '<p>ailleurs</p>'));
    ok(await comment(s.manager.uid, first, '<p>le service répond</p>'));
  });
});

describe('write budgets turned off one by one (0), and failed writes given back', () => {
  const app = useTestApp({ FILING_LIMIT_PER_HOUR: '0', FILING_LIMIT_PER_DAY: '3', COMMENT_LIMIT_PER_MINUTE: '0' });
  const s = useScene(app);

  it('should count filings against the day alone when the hour is 0, and not count refused ones', async () => {
    const student = await makeUser(app.em(), unique('daily'));
    for (let i = 0; i < 3; i++) {
      const refused = await app.gql(student.uid, CREATE, { input: { categoryId: '999999', subject: 'Perdu', message: '<p>x</p>' } });
      expect(errorCode(refused)).toBe('NOT_FOUND');
    }
    for (let i = 0; i < 3; i++) await fileTicket(app, student.uid, s.category.id);
    const fourth = await app.gql(student.uid, CREATE, { input: { categoryId: String(s.category.id), subject: 'x', message: '<p>x</p>' } });
    expect(errorCode(fourth)).toBe('RATE_LIMITED');
    expect(fourth.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(3600);
  });

  it('should take any number of messages when COMMENT_LIMIT_PER_MINUTE is 0', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    for (let i = 0; i < 15; i++) ok(await callAction(app, s.owner.uid, 'addComment', { ticketId: id, message: `<p>${i}</p>` }, 'id'));
  });
});

describe('which actions take a budget', () => {
  it('should have every action that may write a message take the message budget, and no other', () => {
    const declarations: Pick<ActionDeclaration<ActionArgs>, 'action' | 'message' | 'budget'>[] = [
      ...Object.values(status),
      move,
      invite,
      removeInvitation,
      watch,
      unwatch,
      changeOwner,
      update,
    ];
    const wrong = declarations.filter((d) => (d.message === 'none' ? d.budget !== undefined : d.budget !== 'COMMENT')).map((d) => d.action);
    expect(wrong).toEqual([]);
    expect(declarations.filter((d) => d.budget === 'COMMENT')).toHaveLength(11);
  });
});
