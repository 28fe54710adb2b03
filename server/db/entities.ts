import { Attachment } from '../attachment/attachment.entity.js';
import { PendingFile } from '../attachment/pending-file.entity.js';
import { Category } from '../catalogue/category.entity.js';
import { DepartmentMember } from '../catalogue/department-member.entity.js';
import { Department } from '../catalogue/department.entity.js';
import { Faq } from '../catalogue/faq.entity.js';
import { Invitation } from '../ticket/invitation.entity.js';
import { TicketEvent } from '../ticket/ticket-event.entity.js';
import { Ticket } from '../ticket/ticket.entity.js';
import { Watcher } from '../ticket/watcher.entity.js';
import { User } from '../user/user.entity.js';

/** Every entity, listed once so the ORM, migrations and tests agree. */
export const entities = [
  User,
  Department,
  DepartmentMember,
  Category,
  Faq,
  Ticket,
  TicketEvent,
  Invitation,
  Watcher,
  Attachment,
  PendingFile,
];
