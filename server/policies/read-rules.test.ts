import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCategory, makeDepartment, makeUser, unique } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { SIZE, scenes, SHARED_WORDS, viewerOf, writeScene, type Cast, type Scene, type WrittenTicket } from '../../test/read-scenes.js';
import { contextOf, type RequestContext } from '../auth/context.js';
import { INVOLVED, isInvolved } from '../live/judge.js';
import { EntryVisibility, Involvement } from '../model/ticket.enums.js';
import type { TicketFilter } from '../ticket/ticket.inputs.js';
import { countByStatus, listTickets } from '../ticket/ticket-list.js';
import { TICKETS_FROM } from '../ticket/ticket-filter.js';
import { ticketSearchSql } from '../ticket/ticket-search.js';
import { TicketStatus } from '../model/ticket-status.js';
import { toSql } from './clause.js';
import { canSeeEntry, isStaff, readableTicketsSql, ticketReadLevel } from './ticket.policy.js';
import { mayReadTicket } from './ticket-readable.js';

/** A search and which of a ticket's readable words make it match. */
interface Query {
  text: string;
  matches: (words: ReadonlySet<string>) => boolean;
}

/**
 * The searches of a scene: each ticket's own subject word, and each entry's own word (the n-th
 * entries of all tickets in one search: "a or b", so a ticket's match tells about its n-th entry
 * alone); the shared words alone, a pair that must both hold, and negations.
 */
function queriesOf(tickets: readonly WrittenTicket[]): Query[] {
  const anyOf = (own: string[]): Query => ({ text: own.join(' or '), matches: (ws) => own.some((w) => ws.has(w)) });
  const nth = Array.from({ length: SIZE.entries }, (_, n) => tickets.flatMap((t) => t.entries.slice(n, n + 1).map((e) => e.words[0])));
  const [a, b, c] = SHARED_WORDS;
  return [
    anyOf(tickets.map((t) => t.subjectWords[0])),
    ...nth.filter((own) => own.length > 0).map(anyOf),
    ...SHARED_WORDS.map((w) => anyOf([w])),
    { text: `${a} ${b}`, matches: (ws) => ws.has(a) && ws.has(b) },
    { text: `${a} -${c}`, matches: (ws) => ws.has(a) && !ws.has(c) },
    { text: `${b} -${a}`, matches: (ws) => ws.has(b) && !ws.has(a) },
  ];
}

/** What the search must find for one viewer: per ticket, the words of the parts the TypeScript rules let them read. */
function readableWords(ctx: RequestContext, t: WrittenTicket): Set<string> | null {
  const level = ticketReadLevel(ctx.viewer, t.facts);
  if (level === 'NONE') return null;
  const entries = level === 'FULL' ? t.entries.filter((e) => canSeeEntry(ctx.viewer, t.facts, e)) : [];
  return new Set([...t.subjectWords, ...entries.flatMap((e) => e.words)]);
}

/**
 * Over generated scenes written to PostgreSQL, every SQL rendering of the read rules answers as the
 * TypeScript judgement does, for every viewer, ticket and entry: lists, counts, the department
 * queue, the action's read check, live events' circle, and searches (each entry's own word is found
 * exactly by those who may read that entry).
 */
describe('read rules: TypeScript and SQL agree', () => {
  let app: TestApp;
  const cast: Cast = { departments: [], people: [] };
  const seen = new Set<string>();

  beforeAll(async () => {
    app = await startTestApp();
    const em = app.em();
    for (let i = 0; i < SIZE.departments; i++) {
      const department = await makeDepartment(em);
      cast.departments.push({ id: department.id, categoryId: (await makeCategory(em, department)).id });
    }
    for (let i = 0; i <= SIZE.people; i++) cast.people.push((await makeUser(em, unique('p'), { isAdmin: i === SIZE.people })).id);
  });
  afterAll(() => app.stop());

  const ids = async (ctx: RequestContext, filter: TicketFilter): Promise<number[]> =>
    (await listTickets(ctx, filter, 100)).tickets.map((t) => t.id).sort((x, y) => x - y);
  const expected = (tickets: readonly WrittenTicket[], keep: (t: WrittenTicket) => boolean): number[] =>
    tickets.filter(keep).map((t) => t.id);

  /** Every mismatch between the TypeScript judgement and the SQL renderings, for one viewer of a written scene. */
  async function mismatches(ctx: RequestContext, tickets: readonly WrittenTicket[]): Promise<string[]> {
    const { viewer } = ctx;
    const out: string[] = [];
    const check = (what: string, sql: unknown, ts: unknown): void => {
      if (JSON.stringify(sql) !== JSON.stringify(ts)) out.push(`${what}: SQL ${JSON.stringify(sql)}, TypeScript ${JSON.stringify(ts)}`);
    };
    const readable = (t: WrittenTicket): boolean => ticketReadLevel(viewer, t.facts) !== 'NONE';
    for (const t of tickets) seen.add(ticketReadLevel(viewer, t.facts));
    check('tickets()', await ids(ctx, {}), expected(tickets, readable));
    const counts = await countByStatus(ctx, { statuses: Object.values(TicketStatus) });
    check(
      'ticketCounts()',
      counts,
      Object.values(TicketStatus).map((status) => ({ status, count: tickets.filter((t) => t.status === status && readable(t)).length })),
    );
    check(
      'department queue',
      await ids(ctx, { involvement: Involvement.DEPARTMENT }),
      expected(tickets, (t) => isStaff(viewer, t.facts.departmentId)),
    );
    // The action's read check: one ticket per viewer (the same rendering as the list, by id), a different one for each viewer.
    const asked = tickets[viewer.userId % tickets.length];
    check(`mayReadTicket(${asked.id})`, await mayReadTicket(ctx.em, viewer, asked.id), readable(asked));
    const involved = toSql(INVOLVED, viewer);
    const rows = await ctx.em.execute<{ id: number }[]>(
      `select t.id from ticket t where t.id = any(?::int[]) and ${involved.sql} order by t.id`,
      [`{${tickets.map((t) => t.id).join(',')}}`, ...involved.params],
    );
    check(
      'live circle',
      rows.map((r) => r.id),
      expected(tickets, (t) => isInvolved(viewer, t.facts, t.watcherIds)),
    );
    const words = new Map(tickets.map((t) => [t.id, readableWords(ctx, t)]));
    for (const t of tickets)
      for (const e of t.entries)
        if (!isStaff(viewer, t.facts.departmentId)) seen.add(`${e.visibility} ${String(canSeeEntry(viewer, t.facts, e))}`);
    for (const query of queriesOf(tickets)) {
      const found = expected(tickets, (t) => {
        const readableWords = words.get(t.id);
        return readableWords ? query.matches(readableWords) : false;
      });
      check(`search "${query.text}"`, await ids(ctx, { search: query.text }), found);
      // Both ways of finding (the GIN indexes' candidates, a walk of the list) judge alike.
      for (const way of ['candidates', 'walk'] as const) {
        const search = await ticketSearchSql(ctx.em, viewer, query.text, way);
        const readableSql = readableTicketsSql(viewer);
        const rows = await ctx.em.execute<{ id: number }[]>(
          `select t.id ${TICKETS_FROM} where t.id = any(?::int[]) and ${readableSql.sql} and ${search.sql} order by t.id`,
          [`{${tickets.map((t) => t.id).join(',')}}`, ...readableSql.params, ...search.params],
        );
        check(
          `search "${query.text}" (${way})`,
          rows.map((r) => r.id),
          found,
        );
        seen.add(`search by ${search.way}`);
      }
    }
    return out;
  }

  const property = fc.asyncProperty(scenes, async (scene: Scene) => {
    const em = app.em();
    await em.begin();
    try {
      const tickets = await writeScene(em, cast, scene);
      for (let i = 0; i <= SIZE.people; i++) {
        const ctx = contextOf(em, viewerOf(em, cast, scene, i), app.hooks, `read-rules-${i}`);
        const found = await mismatches(ctx, tickets);
        expect(found, `viewer ${i} (${JSON.stringify([...ctx.viewer.memberships])})`).toEqual([]);
      }
    } finally {
      await em.rollback();
    }
  });

  it('should judge every ticket and entry alike in TypeScript and in every SQL rendering, over generated scenes', async () => {
    await fc.assert(property, { seed: 17, numRuns: 25 });
    // The scenes reached every level, every entry visibility both seen and hidden, and both ways of searching.
    const levels = ['FULL', 'SUBJECT', 'NONE'];
    // (Everyone reads EVERYONE entries; only staff and authors STAFF ones.)
    const { EVERYONE, STAFF } = EntryVisibility;
    const entries = Object.values(EntryVisibility).flatMap((v) => [
      ...(v === STAFF ? [] : [`${v} true`]),
      ...(v === EVERYONE ? [] : [`${v} false`]),
    ]);
    expect([...seen].sort()).toEqual(expect.arrayContaining([...levels, ...entries, 'search by candidates', 'search by walk']));
  }, 180_000);
});
