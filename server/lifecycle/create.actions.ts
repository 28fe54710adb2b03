import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { acceptsTickets, priority as checkPriority } from '../catalogue/catalogue.service.js';
import { Category } from '../model/category.entity.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { assertMayFileIn } from '../policies/service-account.policy.js';
import { canFileOnBehalf } from '../policies/ticket-actions.policy.js';
import { isStaff } from '../policies/ticket.policy.js';
import { mayReadTicket } from '../policies/ticket-readable.js';
import { parseId } from '../shared/ids.js';
import type { IncomingFile } from '../files/incoming-file.js';
import { requireLine } from '../shared/rich-text.js';
import { Ticket } from '../model/ticket.entity.js';
import { EntryVisibility, TicketEventType, TicketOrigin, TicketVisibility } from '../model/ticket.enums.js';
import { LIMITS } from '../ticket/ticket.service.js';
import { User } from '../model/user.entity.js';
import type { FilingDeclaration } from './action.js';
import { autoAssign } from './assignment.js';

/** What a person files ("Créer le ticket"): the wizard's fields, with the files of "Inclure un fichier". */
export interface TicketRequest {
  categoryId: string;
  subject: string;
  message: string;
  priority?: number | null;
  visibility?: TicketVisibility | null;
  /** File on behalf of this user (department staff only). */
  ownerUid?: string | null;
  origin?: TicketOrigin | null;
  attachments?: readonly IncomingFile[] | null;
  /** The client's key for this filing, sent again on a retry (see `earlier`). */
  clientRequestId?: string | null;
}

/** The arguments of createTicket as the runner reads them: the wizard's input, its message the entry's. */
export interface FilingArgs {
  input: TicketRequest;
  message: string;
  attachments?: readonly IncomingFile[] | null;
  /** The channel the server itself received it through (mail in: EMAIL); never taken from the API, whose input.origin is staff-only. */
  origin?: TicketOrigin | null;
}

/** What filing's checks find: the checked values of the new row. */
interface Filing {
  subject: string;
  priority: number;
  visibility: TicketVisibility;
  origin: TicketOrigin;
  category: Category;
  ownerId: number;
  clientRequestId: string | null;
}

// Visible ASCII only: a UUID, a ULID or a base64 key fits; spaces and control characters do not.
const REQUEST_KEY = /^[\x21-\x7e]{1,100}$/;

/** The filing's idempotency key, checked; null when the client sends none. */
function requestKey(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (!REQUEST_KEY.test(value))
    throw new BadInputError('clientRequestId must be 1 to 100 visible ASCII characters (a UUID fits)', 'clientRequestId');
  return value;
}

/**
 * "Créer le ticket": the category routes it to its department; staff may file on someone's behalf.
 * The description is everyone's who may read the ticket (EVERYONE): it is what the ticket is about.
 */
export const fileTicket: FilingDeclaration<FilingArgs, Filing> = {
  entry: TicketEventType.CREATED,
  message: 'required',
  // The person filing spends it, on behalf of someone or not.
  budget: 'FILING',
  check: async (tx, viewer, { input, origin: channel }) => {
    const clientRequestId = requestKey(input.clientRequestId);
    const subject = requireLine('subject', input.subject, LIMITS.subject);
    const category = await tx.findOne(Category, { id: parseId('Category', input.categoryId) }, { populate: ['department'] });
    if (!category) throw new NotFoundError('Category');
    if (!(await acceptsTickets(tx, category, { allowHidden: false }))) {
      throw new BadInputError('This category is disabled: choose another one', 'categoryId');
    }
    const departmentId = category.department.id;
    assertMayFileIn(viewer, departmentId, input.ownerUid);
    const ownerId = input.ownerUid ? await ownerOnBehalf(tx, viewer, departmentId, input.ownerUid) : viewer.userId;
    return {
      subject,
      priority: checkPriority('priority', input.priority ?? category.defaultPriority ?? 3),
      visibility: input.visibility ?? category.defaultVisibility ?? TicketVisibility.PRIVATE,
      origin:
        channel ?? (isStaff(viewer, departmentId) && input.origin ? input.origin : viewer.service ? TicketOrigin.API : TicketOrigin.WEB),
      category,
      ownerId,
      clientRequestId,
    };
  },
  file: async (tx, viewer, filing) => {
    const ticket = tx.create(Ticket, {
      subject: filing.subject,
      priority: filing.priority,
      visibility: filing.visibility,
      origin: filing.origin,
      owner: tx.getReference(User, filing.ownerId),
      creator: tx.getReference(User, viewer.userId),
      category: filing.category,
      department: filing.category.department,
      clientRequestId: filing.clientRequestId,
    });
    await tx.flush();
    return ticket;
  },
  visibility: () => EntryVisibility.EVERYONE,
  followUp: (scope, filing) => autoAssign(scope.tx, scope.ticket, filing.category),
  earlier: async (em, viewer, { input }) => {
    const key = requestKey(input.clientRequestId);
    if (key === null) return null;
    const ticket = await em.findOne(Ticket, { creator: viewer.userId, clientRequestId: key });
    // Its creator may have lost sight of it since (moved to a confidential department): the key stays taken.
    if (ticket && !(await mayReadTicket(em, viewer, ticket.id))) throw new ConflictError('This clientRequestId was already used');
    return ticket;
  },
};

async function ownerOnBehalf(tx: EntityManager, viewer: Viewer, departmentId: number, uid: string): Promise<number> {
  if (!canFileOnBehalf(viewer, departmentId)) throw new ForbiddenError("Only the department's staff may file a ticket on someone's behalf");
  const owner = await tx.findOne(User, { uid: uid.trim() });
  if (!owner) throw new BadInputError(`Unknown user ${uid.slice(0, 64)}`, 'ownerUid');
  return owner.id;
}
