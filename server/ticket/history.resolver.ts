import { Ctx, Extensions, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { listBound } from '../limits/list-bounds.js';
import { languageOf } from '../shared/languages.js';
import { canSeeChange } from '../policies/history.policy.js';
import { PropertyChange, readChange } from './history.types.js';
import { TicketEvent, type TicketEventRecord } from '../model/ticket-event.entity.js';
import { accessByRef } from './ticket.rows.js';

/** What a history entry changed ("Historique"), in the viewer's language: it rides the entry's own visibility. */
@Resolver(() => TicketEvent)
export class TicketEventChangesResolver {
  @FieldResolver(() => [PropertyChange], {
    description: 'Each property the entry changed, before → after, as a person reads it; origin and time spent for staff only.',
  })
  @Extensions(listBound('changesPerEntry'))
  async changes(@Root() event: TicketEventRecord, @Ctx() ctx: RequestContext): Promise<PropertyChange[]> {
    if (event.changes.length === 0) return [];
    const { departmentId } = (await accessByRef(ctx, event.ticket)).facts;
    const lang = languageOf(ctx.viewer.user.locale);
    return event.changes.filter((c) => canSeeChange(ctx.viewer, departmentId, c.property)).map((c) => readChange(c, lang));
  }
}
