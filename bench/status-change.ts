import type { RunningApp } from '../server/main.js';
import { runAction } from '../server/lifecycle/runner.js';
import { addComment, requestInformation } from '../server/lifecycle/status.actions.js';
import { TicketStatus } from '../server/ticket/ticket-status.js';
import { closedLoop, type LoadResult } from './load.js';
import { recordQueries } from './query-count.js';
import { contextFor, takenTickets, type BenchScene } from './scene.js';

/** One client's tickets and the status each is in (only that client touches them: no lock waits between clients). */
export interface Lane {
  owner: BenchScene['owners'][number];
  tickets: { id: number; status: TicketStatus }[];
}

/** Where one action's time goes, run alone: statements sent, wall time, and the part spent waiting on PostgreSQL. */
export interface ActionProfile {
  statements: number;
  wall_ms: number;
  db_ms: number;
  sql: string[];
}

/** What R1 measured, and the profile of each kind of action. */
export interface StatusChangeResult extends LoadResult {
  tickets: number;
  profile: { requestInformation: ActionProfile; addComment: ActionProfile };
}

/** Files `ticketsPerClient` taken tickets for each client's owner. */
export async function prepareLanes(app: RunningApp, scene: BenchScene, ticketsPerClient: number): Promise<Lane[]> {
  const lanes: Lane[] = [];
  for (const owner of scene.owners) {
    const ids = await takenTickets(app, scene, owner, ticketsPerClient);
    lanes.push({ owner, tickets: ids.map((id) => ({ id, status: TicketStatus.IN_PROGRESS })) });
  }
  return lanes;
}

/**
 * One step of a ticket's ping-pong: the manager asks for information (IN_PROGRESS → INCOMPLETE),
 * the owner answers with a comment (INCOMPLETE → IN_PROGRESS). Each is lock + update + entry in one transaction.
 */
async function step(app: RunningApp, scene: BenchScene, lane: Lane, ticket: Lane['tickets'][number]): Promise<void> {
  const asking = ticket.status === TicketStatus.IN_PROGRESS;
  const result = asking
    ? await runAction(contextFor(app, scene.manager), requestInformation, {
        ticketId: ticket.id,
        message: "<p>Pouvez-vous préciser le message d'erreur ?</p>",
      })
    : await runAction(contextFor(app, lane.owner), addComment, {
        ticketId: ticket.id,
        message: '<p>Le message est « identifiant inconnu ».</p>',
      });
  const expected = asking ? TicketStatus.INCOMPLETE : TicketStatus.IN_PROGRESS;
  if (result.status !== expected) throw new Error(`Ticket ${ticket.id} is ${result.status}, expected ${expected}`);
  ticket.status = expected;
}

/** R1: `clients` loops of status changes through the service layer, for `seconds`. */
export async function runStatusChange(
  app: RunningApp,
  scene: BenchScene,
  lanes: Lane[],
  seconds: number,
  warmupSeconds: number,
): Promise<StatusChangeResult> {
  const load = await closedLoop(
    lanes.length,
    seconds,
    async (worker, iteration) => {
      const lane = lanes[worker];
      await step(app, scene, lane, lane.tickets[iteration % lane.tickets.length]);
    },
    warmupSeconds,
  );
  const profile = await profileQueries(app, scene, lanes[0]);
  return { ...load, tickets: lanes.reduce((n, l) => n + l.tickets.length, 0), profile };
}

/** Profiles each kind of action run alone, averaged over a few tickets. */
async function profileQueries(app: RunningApp, scene: BenchScene, lane: Lane): Promise<StatusChangeResult['profile']> {
  const runs = { requestInformation: [] as Recorded[], addComment: [] as Recorded[] };
  for (let round = 0; round < 4; round++) {
    for (const ticket of lane.tickets.slice(0, 5)) {
      const kind = ticket.status === TicketStatus.IN_PROGRESS ? 'requestInformation' : 'addComment';
      runs[kind].push(await recordQueries(() => step(app, scene, lane, ticket)));
    }
  }
  return { requestInformation: summarise(runs.requestInformation), addComment: summarise(runs.addComment) };
}

type Recorded = Awaited<ReturnType<typeof recordQueries>>;

function summarise(runs: Recorded[]): ActionProfile {
  const mean = (f: (r: Recorded) => number): number =>
    Math.round((runs.reduce((n, r) => n + f(r), 0) / Math.max(1, runs.length)) * 100) / 100;
  return {
    statements: mean((r) => r.statements.length),
    wall_ms: mean((r) => r.totalMs),
    db_ms: mean((r) => r.statements.reduce((n, s) => n + s.ms, 0)),
    sql: (runs.at(-1)?.statements ?? []).map((s) => `${s.ms.toFixed(2)} ms  ${s.sql.slice(0, 200)}`),
  };
}
