import { acceptsTickets } from '../catalogue/catalogue.service.js';
import { Category } from '../model/category.entity.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { assertMayMoveTo } from '../policies/ticket-actions.policy.js';
import { parseId } from '../shared/ids.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { TicketAction, TicketStatus } from '../model/ticket-status.js';
import type { ActionArgs, ActionDeclaration } from './action.js';
import { personOf } from './action.js';
import { autoAssign } from './assignment.js';
import { setManager } from './changes.js';

/** moveTicket's own argument: the target category. */
export interface MoveArgs extends ActionArgs {
  categoryId: string;
}

/**
 * "Déplacer": to another category (another department: supervisors). The table frees a manager who
 * is not a member of the target department; the target's automatic assignment then runs again.
 */
export const move: ActionDeclaration<MoveArgs, Category> = {
  action: TicketAction.MOVE,
  api: { mutation: 'moveTicket', description: '"Déplacer" to another category.', silent: true },
  entry: TicketEventType.MOVED,
  message: 'optional',
  budget: 'COMMENT',
  check: async (scope, { categoryId }) => {
    const target = await scope.tx.findOne(Category, { id: parseId('Category', categoryId) }, { populate: ['department'] });
    if (!target) throw new NotFoundError('Category');
    assertMayMoveTo(personOf(scope), scope.department.id, target.department.id);
    if (!(await acceptsTickets(scope.tx, target, { allowHidden: true }))) {
      throw new BadInputError('This category is disabled: choose another one', 'categoryId');
    }
    if (target.id === scope.ticket.category.id) throw new BadInputError('The ticket is already in this category', 'categoryId');
    return target;
  },
  outcome: async ({ tx, ticket }, target) => {
    const manager = ticket.manager;
    const stays = manager !== null && (await tx.count(DepartmentMember, { department: target.department.id, user: manager.id })) > 0;
    return { managerFreedByMove: manager !== null && !stays };
  },
  change: async (scope, target) => {
    const { ticket, tx } = scope;
    const previous = (await tx.findOneOrFail(Category, ticket.category.id)).path;
    ticket.category = tx.getReference(Category, target.id, { wrapped: true });
    ticket.department = target.department;
    const changes = [{ property: 'category' as const, before: previous, after: target.path }];
    return scope.to === TicketStatus.FREE && ticket.manager ? [...changes, ...(await setManager(scope, null))] : changes;
  },
  followUp: (scope, target) => (scope.to === TicketStatus.FREE ? autoAssign(scope.tx, scope.ticket, target) : Promise.resolve(null)),
};
