import { fileTicket, gql, someone } from './browser.js';

/** A department of one's own for the staff tools' tests: its manager's queue holds only that test's tickets. */
export interface Desk {
  /** The uid of the department's only manager. */
  manager: string;
  departmentId: string;
  /** The path of its one category, for fileTicket. */
  path: string;
  /** Files a ticket there as `uid`; returns its number. */
  file(uid: string, subject: string): Promise<number>;
}

/** Builds a department, a category and a manager (the demo admin does), each new. */
export async function desk(role: 'MANAGER' | 'SUPERVISOR' = 'MANAGER'): Promise<Desk> {
  const code = someone('D').toUpperCase();
  const { createDepartment } = await gql<{ createDepartment: { id: string } }>(
    'admin',
    'mutation($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
    { i: { code, label: `Service ${code}` } },
  );
  const departmentId = createDepartment.id;
  const { createCategory } = await gql<{ createCategory: { path: string } }>(
    'admin',
    'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { path } }',
    { i: { departmentId, label: `Demandes ${code}` } },
  );
  const manager = someone('manager');
  await gql(manager, '{ me { id } }'); // the person exists once they have signed in
  await gql('admin', 'mutation($i: DepartmentMemberInput!) { saveDepartmentMember(input: $i) { id } }', {
    i: { departmentId, uid: manager, role },
  });
  const path = createCategory.path;
  return { manager, departmentId, path, file: (uid, subject) => fileTicket(uid, subject, path) };
}

/**
 * Waits for the filing's mail fan-out to be over: test people have no address, so it writes staff-only
 * MAIL_FAILED entries a moment later, which make the ticket unread again for staff (entries by no one).
 */
export async function settled(number: number): Promise<void> {
  const entries = async () =>
    (
      await gql<{ ticket: { history: { type: string }[] } }>('admin', 'query($id: ID!) { ticket(id: $id) { history { type } } }', {
        id: String(number),
      })
    ).ticket.history;
  const deadline = Date.now() + 15_000;
  let last = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const now = await entries();
    const key = now.map((e) => e.type).join();
    if (key !== last) [last, since] = [key, Date.now()];
    else if (now.some((e) => e.type === 'MAIL_FAILED') && Date.now() - since >= 1000) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`ticket ${number}: its mail fan-out did not end (${last})`);
}
