import { Attachment } from '../model/attachment.entity.js';
import { PendingFile } from '../model/pending-file.entity.js';
import { Category } from '../model/category.entity.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { Department } from '../model/department.entity.js';
import { Faq } from '../model/faq.entity.js';
import { Invitation } from '../model/invitation.entity.js';
import { Mailbox } from '../model/mailbox.entity.js';
import { TicketEvent } from '../model/ticket-event.entity.js';
import { Ticket } from '../model/ticket.entity.js';
import { Watcher } from '../model/watcher.entity.js';
import { User } from '../model/user.entity.js';
import { ServiceAccount } from '../model/service-account.entity.js';

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
  ServiceAccount,
  Mailbox,
];
