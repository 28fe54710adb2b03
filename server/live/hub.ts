import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { TicketChange, TicketHooks } from '../hooks/ticket-hooks.js';
import type { LiveBus } from './bus.js';
import type { LiveFilter } from './judge.js';
import { loadLiveEvent, type LiveEvent } from './live-event.js';
import { compareEventIds, type BusMessage } from './live-message.js';
import type { LiveMetrics } from './metrics.js';
import { LiveSubscription, type Subscriber } from './subscription.js';

/** Ids remembered to drop duplicates (a replay overlapping what already arrived). */
const RECENT_IDS = 10_000;
/** Tickets whose newest event is kept to judge what still waits in queues. */
const LATEST_TICKETS = 1_000;
/** How far before the last seen id a replay starts: entries of concurrent actions commit out of id order. */
const REPLAY_OVERLAP = 200n;
/** Most entries replayed after one reconnection (older ones: clients catch up by event id). */
const REPLAY_LIMIT = 1_000;

/** What the hub is built from. */
export interface HubParts {
  orm: MikroORM;
  bus: LiveBus;
  logger: Logger;
  metrics: LiveMetrics;
  queueLimit: number;
}

/**
 * This instance's side of live updates: publishes each committed entry on the bus, and for each
 * message the bus brings (from any instance) loads the event ONCE, then hands it to the local
 * subscriptions it may concern, each judging it for its own subscriber. Events fan out in the
 * order the bus delivered them, while their loads overlap.
 */
export class LiveHub {
  private readonly byTicket = new Map<number, Set<LiveSubscription>>();
  private readonly byDepartment = new Map<number, Set<LiveSubscription>>();
  private readonly involved = new Set<LiveSubscription>();
  private readonly recent = new Set<string>();
  private readonly newest = new Map<number, LiveEvent>();
  private lastSeen: string | undefined;
  private fanouts: Promise<void> = Promise.resolve();
  private readonly revocationListeners: ((credential: string) => void)[] = [];
  private publishes: Promise<void> = Promise.resolve();

  constructor(private readonly parts: HubParts) {}

  /** Publishes after every committed action, and starts receiving from the bus. */
  async start(hooks: TicketHooks): Promise<void> {
    hooks.onAfterCommit((change) => this.publish(change));
    // A credential revoked below live/ (a service account, user/): it crosses the bus like a logout.
    hooks.onRevoked((credential) => this.revoke(credential));
    await this.parts.bus.start({ message: (m) => this.receive(m), ready: (again) => void this.ready(again) });
  }

  /** Stops receiving; what was received is still fanned out. */
  async stop(): Promise<void> {
    await this.parts.bus.stop();
    await Promise.all([this.fanouts, this.publishes]);
  }

  /** A new subscription of `subscriber` (its connection reads it as an async iterator). */
  subscribe(filter: LiveFilter, subscriber: Subscriber): LiveSubscription {
    const subscription = new LiveSubscription(filter, subscriber, this, this.parts.queueLimit);
    this.indexOf(filter)?.add(subscription);
    this.parts.metrics.subscriptions++;
    this.parts.logger.info(
      { requestId: subscriber.requestId, ...filter, subscriptions: this.parts.metrics.subscriptions },
      'live: subscribed',
    );
    return subscription;
  }

  /** Forgets a subscription (completed, connection closed, or too slow); safe to call twice. */
  remove(subscription: LiveSubscription): void {
    const index = this.indexOf(subscription.filter, false);
    if (!index?.delete(subscription)) return;
    this.parts.metrics.subscriptions--;
    this.parts.logger.info({ subscriptions: this.parts.metrics.subscriptions }, 'live: unsubscribed');
    const { ticketId, departmentId } = subscription.filter;
    if (index.size === 0 && index !== this.involved) {
      if (ticketId !== null) this.byTicket.delete(ticketId);
      else this.byDepartment.delete(departmentId!);
    }
  }

  /** Tells every instance (this one included) that a credential ended; each closes the connections it opened. */
  revoke(credential: string): void {
    this.publishes = this.publishes
      .then(() => this.parts.bus.publish({ revoked: credential }))
      .catch((err: unknown) => this.parts.logger.warn({ err }, 'live: revocation not published (connections close at their next refresh)'));
  }

  /** Called for every credential ended anywhere. */
  onRevoked(listener: (credential: string) => void): void {
    this.revocationListeners.push(listener);
  }

  /** The newest event loaded for a ticket. */
  latest(ticketId: number): LiveEvent | undefined {
    return this.newest.get(ticketId);
  }

  /** Notes a queue's length for the metrics. */
  queued(size: number): void {
    if (size > this.parts.metrics.maxQueued) this.parts.metrics.maxQueued = size;
  }

  // Never delays the action that committed: publishes run one after another, in commit order.
  private publish(change: TicketChange): void {
    const message = { ticketId: change.ticketId, eventId: change.eventId };
    this.publishes = this.publishes
      .then(() => this.parts.bus.publish(message))
      .catch((err: unknown) => this.parts.logger.warn({ err, ...message }, 'live: publish failed (subscribers catch up by event id)'));
  }

  private receive(message: BusMessage): void {
    if ('revoked' in message) {
      for (const listener of this.revocationListeners) listener(message.revoked);
      return;
    }
    if (this.recent.has(message.eventId)) return;
    this.recent.add(message.eventId);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
    if (this.lastSeen === undefined || compareEventIds(message.eventId, this.lastSeen) > 0) this.lastSeen = message.eventId;
    this.parts.metrics.eventsReceived++;
    if (this.parts.metrics.subscriptions === 0) return;
    const loading = loadLiveEvent(this.parts.orm.em.fork(), message);
    this.fanouts = this.fanouts
      .then(() => loading)
      .then((event) => event && this.fanout(event))
      .catch((err: unknown) => this.parts.logger.error({ err, ...message }, 'live: could not load an event'));
  }

  private fanout(event: LiveEvent): void {
    this.parts.metrics.eventsLoaded++;
    const ticketId = event.ticket.id;
    this.newest.delete(ticketId);
    this.newest.set(ticketId, event);
    if (this.newest.size > LATEST_TICKETS) this.newest.delete(this.newest.keys().next().value!);
    // A subscription is in exactly one index (by its filter): no copy, no de-duplication.
    for (const index of [this.byTicket.get(ticketId), this.byDepartment.get(event.facts.departmentId), this.involved]) {
      if (index) for (const subscription of index) subscription.consider(event);
    }
  }

  // The first time, start from the newest entry; after a reconnection, replay what was committed meanwhile.
  private async ready(reconnected: boolean): Promise<void> {
    const em = this.parts.orm.em.fork();
    try {
      if (!reconnected || this.lastSeen === undefined) {
        const rows = await em.execute<{ id: string | null }[]>('select max(id)::text as id from ticket_event');
        const newest = rows.at(0)?.id;
        if (this.lastSeen === undefined && newest) this.lastSeen = newest;
        return;
      }
      const from = BigInt(this.lastSeen) - REPLAY_OVERLAP;
      const rows = await em.execute<{ id: string; ticket_id: number }[]>(
        'select id::text as id, ticket_id from ticket_event where id > ? order by id limit ?',
        [(from > 0n ? from : 0n).toString(), REPLAY_LIMIT],
      );
      for (const row of rows) {
        if (this.recent.has(row.id)) continue;
        this.parts.metrics.replayed++;
        this.receive({ ticketId: row.ticket_id, eventId: row.id });
      }
    } catch (err) {
      this.parts.logger.error({ err }, 'live: could not replay missed events');
    }
  }

  private indexOf(filter: LiveFilter, create = true): Set<LiveSubscription> | undefined {
    if (filter.ticketId === null && filter.departmentId === null) return this.involved;
    const [map, key] = filter.ticketId !== null ? [this.byTicket, filter.ticketId] : [this.byDepartment, filter.departmentId!];
    let set = map.get(key);
    if (!set && create) map.set(key, (set = new Set()));
    return set;
  }
}
