import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../context.js';
import { query } from '../database.js';
import { percentile } from '../http-load.js';
import { round, type BenchResult } from '../results.js';

const CREATE = 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }';
const COMMENT = 'mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m) { id } }';
/** The long ticket's entries; the short one has two (its description and one comment). */
const LONG = 200;

/**
 * W1: a comment through the action path over GraphQL on a ticket with 2 entries and on one with 200,
 * one at a time, alternating, so both see the same machine. Each timed comment is removed afterwards
 * (not timed), so the tickets keep their length. The cost of a comment must not grow with the
 * ticket's history (migration SearchEntries: each entry is indexed alone).
 */
export async function measureCommentLength(ctx: BenchContext): Promise<BenchResult> {
  const uid = ctx.data.people.student;
  const n = ctx.settings.smoke ? 10 : Math.max(50, ctx.settings.repeats * 40);
  const [category] = await query<{ id: number }>(ctx.data.url, 'select id from category where parent_id is not null order by id limit 1');
  const file = async (subject: string): Promise<string> =>
    (
      await ctx.gql<{ createTicket: { id: string } }>(uid, CREATE, {
        input: { categoryId: String(category.id), subject, message: '<p>Bonjour, le vidéoprojecteur de la salle B12 ne démarre plus.</p>' },
      })
    ).createTicket.id;
  const short = await file('Vidéoprojecteur en panne (W1, court)');
  const long = await file('Vidéoprojecteur en panne (W1, long)');
  for (const id of [short, long]) await ctx.gql(uid, COMMENT, { id, m: '<p>Toujours en panne ce matin.</p>' });
  // The long ticket's history, written as the actions would (each entry's words by its generated column).
  await query(
    ctx.data.url,
    `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
     select t.id, 'COMMENTED', now(), t.owner_id, t.status, t.status,
       '<p>Relance ' || g || ' : le vidéoprojecteur ne démarre toujours pas, voyant orange clignotant.</p>', 'PARTICIPANTS', '[]', false
     from ticket t, generate_series(1, $2) g where t.id = $1`,
    [Number(long), LONG - 2],
  );
  await query(ctx.data.url, 'analyze ticket_event');
  const entries = async (id: string): Promise<number> =>
    Number((await query<{ n: string }>(ctx.data.url, 'select count(*) as n from ticket_event where ticket_id = $1', [Number(id)]))[0].n);
  const lengths = { short: await entries(short), long: await entries(long) };
  ctx.log(`W1: comments on a ${lengths.short}-entry and a ${lengths.long}-entry ticket, ${n} each, alternating…`);
  const times: Record<'short' | 'long', number[]> = { short: [], long: [] };
  const comment = async (which: 'short' | 'long', timed: boolean): Promise<void> => {
    const id = which === 'short' ? short : long;
    const t0 = performance.now();
    const data = await ctx.gql<{ addComment: { id: string } }>(uid, COMMENT, {
      id,
      m: '<p>Une précision : la télécommande est neuve.</p>',
    });
    if (timed) times[which].push(performance.now() - t0);
    // Back to its length (the comment's entry; the ticket keeps its new activity time).
    await query(
      ctx.data.url,
      `delete from ticket_event where id = (select max(id) from ticket_event where ticket_id = $1 and type = 'COMMENTED')`,
      [Number(data.addComment.id)],
    );
  };
  for (let i = 0; i < 5; i++) for (const which of ['short', 'long'] as const) await comment(which, false);
  const orders: readonly (readonly ('short' | 'long')[])[] = [
    ['short', 'long'],
    ['long', 'short'],
  ];
  for (let i = 0; i < n; i++) for (const which of orders[i % 2]) await comment(which, true);
  for (const list of Object.values(times)) list.sort((a, b) => a - b);
  const shortP50 = percentile(times.short, 0.5);
  const longP50 = percentile(times.long, 0.5);
  const ratio = round(longP50 / shortP50);
  return {
    id: 'W1',
    name: `a comment on a ${lengths.long}-entry ticket against one on a ${lengths.short}-entry ticket (GraphQL, one at a time)`,
    ours: longP50,
    floor: shortP50,
    unit: 'ms',
    ratio,
    p50_ms: longP50,
    p99_ms: percentile(times.long, 0.99),
    target: 'p50 on 200 entries <= 1.2 x p50 on 2 entries',
    pass: ratio <= 1.2,
    notes: {
      entries: lengths,
      comments_each: n,
      short: { p50_ms: shortP50, p99_ms: percentile(times.short, 0.99) },
      long: { p50_ms: longP50, p99_ms: percentile(times.long, 0.99) },
    },
  };
}
