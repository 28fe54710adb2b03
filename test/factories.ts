import type { EntityManager } from '@mikro-orm/postgresql';
import { MemberRole } from '../server/model/catalogue.enums.js';
import * as catalogue from '../server/catalogue/catalogue.service.js';
import type { Category } from '../server/model/category.entity.js';
import { DepartmentMember } from '../server/model/department-member.entity.js';
import { type Department } from '../server/model/department.entity.js';
import { User } from '../server/model/user.entity.js';
import type { TestApp } from './harness.js';

let counter = 0;
/** A short unique suffix, so factories never collide within a database. */
export const unique = (prefix: string): string => `${prefix}${++counter}${Math.random().toString(36).slice(2, 6)}`;

/** A user as if they had signed in once. */
export async function makeUser(
  em: EntityManager,
  uid = unique('user'),
  extra: Partial<Pick<User, 'displayName' | 'email' | 'isAdmin' | 'locale'>> = {},
): Promise<User> {
  const user = em.create(User, { uid, displayName: extra.displayName ?? uid, email: extra.email ?? `${uid}@univ.example.fr`, ...extra });
  await em.flush();
  return user;
}

/** A department with the given settings. */
export async function makeDepartment(
  em: EntityManager,
  extra: Partial<Pick<Department, 'confidential' | 'assignmentMode' | 'reopenDays' | 'expireDays' | 'enabled'>> = {},
): Promise<Department> {
  const department = await catalogue.createDepartment(em, { code: unique('D').slice(0, 30), label: unique('Department ') });
  Object.assign(department, extra);
  await em.flush();
  return department;
}

/** A category (under `parent` when given) of a department. */
export async function makeCategory(
  em: EntityManager,
  department: Department,
  label = unique('Category '),
  parent?: Category,
): Promise<Category> {
  return catalogue.createCategory(em, department, {
    departmentId: String(department.id),
    label,
    ...(parent ? { parentId: String(parent.id) } : {}),
  });
}

/** Makes a user a member of a department. */
export async function makeMember(
  em: EntityManager,
  department: Department,
  user: User,
  role = MemberRole.MANAGER,
  available = true,
): Promise<DepartmentMember> {
  const member = em.create(DepartmentMember, { department, user, role, available });
  await em.flush();
  return member;
}

/** The usual cast of a helpdesk: a department with a category, a manager, a supervisor, an owner, a bystander. */
export interface Scene {
  department: Department;
  category: Category;
  owner: User;
  manager: User;
  manager2: User;
  supervisor: User;
  stranger: User;
  admin: User;
}

/** Builds a Scene in the app's database. */
export async function makeScene(app: TestApp, departmentExtra: Parameters<typeof makeDepartment>[1] = {}): Promise<Scene> {
  const em = app.em();
  const department = await makeDepartment(em, departmentExtra);
  const root = await makeCategory(em, department, unique('Root '));
  const category = await makeCategory(em, department, 'ENT', root);
  const [owner, manager, manager2, supervisor, stranger] = await Promise.all(
    ['owner', 'manager', 'managertwo', 'supervisor', 'stranger'].map((p) => makeUser(app.em(), unique(p))),
  );
  const admin = await makeUser(em, unique('admin'), { isAdmin: true });
  await makeMember(em, department, manager, MemberRole.MANAGER);
  await makeMember(em, department, manager2, MemberRole.MANAGER);
  await makeMember(em, department, supervisor, MemberRole.SUPERVISOR);
  return {
    department,
    category,
    owner: owner,
    manager: manager,
    manager2: manager2,
    supervisor: supervisor,
    stranger: stranger,
    admin,
  };
}

/** Files a ticket through the API as `uid`; returns its id. */
export async function fileTicket(app: TestApp, uid: string, categoryId: number, extra: Record<string, unknown> = {}): Promise<string> {
  const result = await app.gql<{ createTicket: { id: string } }>(
    uid,
    'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
    {
      input: { categoryId: String(categoryId), subject: 'Connexion impossible', message: '<p>Je ne peux pas me connecter.</p>', ...extra },
    },
  );
  if (!result.data) throw new Error(`createTicket failed: ${JSON.stringify(result.errors)}`);
  return result.data.createTicket.id;
}
