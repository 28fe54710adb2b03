import type { EntityManager } from '@mikro-orm/postgresql';
import type { MemberRole } from '../model/catalogue.enums.js';
import type { ServiceScope } from '../model/service-account.enums.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import type { User } from '../model/user.entity.js';

/** Who is asking: the user, whether admin, and their role in each department they belong to. */
export interface Viewer {
  user: User;
  /** The user's id, readable without touching \`user\` (a remembered viewer maps its user into the request's EntityManager only when read). */
  userId: number;
  isAdmin: boolean;
  /** departmentId → role; loaded once per request so policies never query. */
  memberships: ReadonlyMap<number, MemberRole>;
  /** Set when a service account asks (auth/service-key.ts): its departments are its memberships, its scopes bound the rest. */
  service?: ServiceIdentity;
  /**
   * The revocable credential the viewer came with (`session:<id>`, `service:<id>`), so its live
   * connections close when it ends (a logout, a revoked service account), on every instance.
   */
  credential?: string;
  /** When that credential ends on its own (a session's end, a service key's expiry): its sockets close then. */
  expiresAt?: Date;
}

/** The service account behind a viewer: what logs and history name, and what policies/service-account.policy.ts reads. */
export interface ServiceIdentity {
  id: number;
  name: string;
  scopes: ReadonlySet<ServiceScope>;
  /** When the key stops working (null: never). */
  expiresAt: Date | null;
}

/** Loads the viewer's memberships (one query) to build the Viewer every policy reads. */
export async function loadViewer(em: EntityManager, user: User): Promise<Viewer> {
  const rows = await em.find(DepartmentMember, { user: user.id }, { fields: ['department', 'role'] });
  return {
    user,
    userId: user.id,
    isAdmin: user.isAdmin,
    memberships: new Map(rows.map((m) => [m.department.id, m.role])),
  };
}
