import type { EntityManager } from '@mikro-orm/postgresql';
import { AssignmentMode } from '../model/catalogue.enums.js';
import type { Category } from '../model/category.entity.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { Department } from '../model/department.entity.js';
import { User } from '../model/user.entity.js';
import type { Ticket } from '../model/ticket.entity.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { OPEN_STATUSES, TicketStatus } from '../model/ticket-status.js';
import type { SystemStep } from './action.js';

/** Gives a FREE ticket to a member by the automatic assignment rule (docs/lifecycle.md); the step to record, or null. */
export async function autoAssign(em: EntityManager, ticket: Ticket, category: Category): Promise<SystemStep | null> {
  if (ticket.status !== TicketStatus.FREE || ticket.manager) return null;
  const assignee = await pickAssignee(em, ticket.department.id, category);
  if (assignee === null) return null;
  const user = await em.findOneOrFail(User, assignee);
  ticket.manager = em.getReference(User, assignee, { wrapped: true });
  return {
    type: TicketEventType.ASSIGNED,
    to: TicketStatus.IN_PROGRESS,
    changes: [{ property: 'manager', before: null, after: user.displayName }],
  };
}

/**
 * Picks the member a new or moved ticket goes to, by the category's mode or else the department's
 * (NONE, FIRST, ROUND_ROBIN, LEAST_LOADED among available members); null when nobody.
 */
export async function pickAssignee(em: EntityManager, departmentId: number, category: Category): Promise<number | null> {
  const department = await em.findOneOrFail(Department, departmentId);
  const mode = category.assignmentMode ?? department.assignmentMode;
  if (mode === AssignmentMode.NONE) return null;
  const members = await em.find(
    DepartmentMember,
    { department: departmentId, available: true },
    { fields: ['user'], orderBy: { user: 'asc' } },
  );
  const ids = members.map((m) => m.user.id);
  if (ids.length === 0) return null;
  switch (mode) {
    case AssignmentMode.FIRST:
      return ids[0];
    case AssignmentMode.ROUND_ROBIN:
      return nextInTurn(em, departmentId, ids);
    case AssignmentMode.LEAST_LOADED:
      return leastLoaded(em, departmentId, ids);
  }
}

// One atomic UPDATE takes the turn: two tickets filed at once get different members, and unlike
// SELECT … FOR UPDATE it cannot deadlock with the key-share lock the new ticket row holds on the department.
async function nextInTurn(em: EntityManager, departmentId: number, ids: number[]): Promise<number> {
  const members = `{${ids.join(',')}}`;
  const [row] = await em.execute<{ next: number }[]>(
    `update department set last_assigned_user_id = coalesce(
       (select min(x) from unnest(?::int[]) x where x > department.last_assigned_user_id),
       (select min(x) from unnest(?::int[]) x))
     where id = ? returning last_assigned_user_id as next`,
    [members, members, departmentId],
  );
  return row.next;
}

async function leastLoaded(em: EntityManager, departmentId: number, ids: number[]): Promise<number> {
  const rows: { manager_id: number; n: string }[] = await em.execute(
    `select manager_id, count(*) as n from ticket where department_id = ? and manager_id = any(?::int[])
     and status = any(?::text[]) group by manager_id`,
    [departmentId, `{${ids.join(',')}}`, `{${OPEN_STATUSES.join(',')}}`],
  );
  const load = new Map(rows.map((r) => [r.manager_id, Number(r.n)]));
  return ids.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best), ids[0]);
}
