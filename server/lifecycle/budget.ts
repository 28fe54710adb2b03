import type { Viewer } from '../auth/viewer.js';
import { isStaffAnywhere } from '../policies/user.policy.js';
import type { WriteBudgetName, WriteBudgets } from '../limits/write-budgets.js';

/** Where a budgeted write runs: a person's request carries the budgets; the scheduler has none. */
interface BudgetSite {
  viewer: Viewer | 'SCHEDULER';
  budgets?: WriteBudgets;
}

/**
 * Runs an action within the budget its declaration names: one write is taken from the person's
 * budget before the action's transaction (over it: RATE_LIMITED, and nothing is written, no file
 * claimed), and given back when the action fails, so only writes that happened count.
 */
export async function withinBudget<T>(
  site: BudgetSite,
  name: WriteBudgetName | undefined,
  ticketId: number | null,
  write: () => Promise<T>,
): Promise<T> {
  if (!name || !site.budgets || site.viewer === 'SCHEDULER') return write();
  const viewer = site.viewer;
  // Staff and service accounts (admins, department members) file for others: they have budgets of their own.
  const staff = isStaffAnywhere(viewer);
  const refund = await site.budgets.spend(name, { userId: viewer.userId, staff, ticketId });
  try {
    return await write();
  } catch (error) {
    // The refusal is what the caller hears about; a refund lost with the database only costs one write.
    await refund().catch(() => undefined);
    throw error;
  }
}
