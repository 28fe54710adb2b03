import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, NotFoundError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import type { AlertPreference } from '../model/catalogue.enums.js';
import { DepartmentMember } from '../model/department-member.entity.js';

/** What a member may change about their own membership; absent (or null) fields stay as they are. */
export interface OwnMembershipChange {
  available?: boolean | null;
  alert?: AlertPreference | null;
  /** The daily digest's hours, each 0–23 (else BAD_USER_INPUT); [] for none. */
  digestHours?: number[] | null;
  digestWeekends?: boolean | null;
}

/**
 * A member sets their own availability (automatic assignment) and alerts (docs/api.md, "Department
 * members"). Only one's own membership is ever looked up, so a department one does not belong to —
 * unknown, hidden or simply someone else's — answers NOT_FOUND like a missing one; nothing is written.
 */
export async function updateOwnMembership(
  em: EntityManager,
  userId: number,
  departmentId: string,
  change: OwnMembershipChange,
): Promise<DepartmentMember> {
  const hours = change.digestHours;
  if (hours?.some((h) => !Number.isInteger(h) || h < 0 || h > 23))
    throw new BadInputError('digestHours must be hours from 0 to 23', 'digestHours');
  const member = await em.findOne(DepartmentMember, { department: parseId('Department', departmentId), user: userId });
  if (!member) throw new NotFoundError('Department', departmentId);
  if (change.available != null) member.available = change.available;
  if (change.alert != null) member.alert = change.alert;
  if (hours != null) member.digestHours = [...new Set(hours)].sort((a, b) => a - b);
  if (change.digestWeekends != null) member.digestWeekends = change.digestWeekends;
  await em.flush();
  return member;
}
