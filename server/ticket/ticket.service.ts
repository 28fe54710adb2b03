import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../auth/context.js';
import { acceptsTickets, priority as checkPriority } from '../catalogue/catalogue.service.js';
import { Category } from '../catalogue/category.entity.js';
import type { Department } from '../catalogue/department.entity.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors.js';
import { canFileOnBehalf } from '../policies/ticket-actions.policy.js';
import { ticketAccess } from '../policies/ticket-access.js';
import { isStaff } from '../policies/ticket.policy.js';
import { parseId } from '../shared/ids.js';
import { requireLine, requireRichText } from '../shared/rich-text.js';
import { User } from '../user/user.entity.js';
import { autoAssign } from './assignment.js';
import { inTransaction, record } from './ticket-actions.js';
import { Ticket } from './ticket.entity.js';
import { forgetTicket } from './ticket.loaders.js';
import { EntryVisibility, TicketEventType, TicketOrigin, TicketVisibility } from './ticket.enums.js';
import type { CreateTicketInput } from './ticket.inputs.js';
import type { TicketChange } from '../events/ticket-events.js';
import { TicketStatus } from './ticket-status.js';

/** Longest subject and message accepted (api.md bad-input rules). */
export const LIMITS = { subject: 200, message: 100_000 } as const;

/** The ticket of that number if the viewer may read it (even subject-only); else NOT_FOUND, as for a number that does not exist. */
export async function findReadableTicket(ctx: RequestContext, id: string | number): Promise<Ticket> {
  const ticket = await ctx.em.findOne(Ticket, { id: parseId('Ticket', id) });
  if (!ticket || (await ticketAccess(ctx, ticket)).level === 'NONE') throw new NotFoundError('Ticket', id);
  return ticket;
}

/** Files a ticket: validates, routes it by category, records the CREATED entry, auto-assigns, then notifies after commit. */
export async function createTicket(ctx: RequestContext, input: CreateTicketInput): Promise<Ticket> {
  const { em, viewer } = ctx;
  const subject = requireLine('subject', input.subject, LIMITS.subject);
  const message = requireRichText('message', input.message, LIMITS.message);
  const category = await em.findOne(Category, { id: parseId('Category', input.categoryId) }, { populate: ['department'] });
  if (!category) throw new NotFoundError('Category', input.categoryId);
  const department = category.department.getEntity();
  if (!(await acceptsTickets(em, category, { allowHidden: false }))) {
    throw new BadInputError('This category is disabled: choose another one', 'categoryId');
  }
  const staff = isStaff(viewer, department.id);
  const owner = input.ownerUid ? await ownerFor(em, ctx, department, input.ownerUid) : viewer.user;
  const changes: TicketChange[] = [];

  const ticket = await inTransaction(em, async (tx) => {
    const created = tx.create(Ticket, {
      subject,
      priority: checkPriority('priority', input.priority ?? category.defaultPriority ?? 3),
      visibility: input.visibility ?? category.defaultVisibility ?? TicketVisibility.PRIVATE,
      origin: staff && input.origin ? input.origin : TicketOrigin.WEB,
      owner: tx.getReference(User, owner.id),
      creator: tx.getReference(User, viewer.user.id),
      category: tx.getReference(Category, category.id),
      department: department.id,
    });
    await tx.flush();
    // The description is everyone's who may read the ticket: it is what the ticket is about.
    const entry = { type: TicketEventType.CREATED, message, visibility: EntryVisibility.EVERYONE };
    changes.push(await record(tx, created, null, TicketStatus.FREE, entry, viewer.user.id));
    const step = await autoAssign(tx, created, category);
    if (step) changes.push(await record(tx, created, TicketStatus.FREE, step.to, step.entry, null));
    await ctx.events.inTransaction(tx, changes);
    return created;
  });
  forgetTicket(ctx, ticket.id);
  await ctx.events.afterCommit(changes);
  return ticket;
}

async function ownerFor(em: EntityManager, ctx: RequestContext, department: Department, uid: string): Promise<User> {
  if (!canFileOnBehalf(ctx.viewer, department.id))
    throw new ForbiddenError("Only the department's staff may file a ticket on someone's behalf");
  const owner = await em.findOne(User, { uid: uid.trim() });
  if (!owner) throw new BadInputError(`Unknown user ${uid.slice(0, 64)}`, 'ownerUid');
  return owner;
}
