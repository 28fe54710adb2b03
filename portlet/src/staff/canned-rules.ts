import type { CannedAnswersQuery, CannedScope, DeskViewerQuery } from '../graphql/generated/graphql.js';

type Viewer = DeskViewerQuery['viewer'];
type Canned = CannedAnswersQuery['cannedAnswers'][number];

/**
 * Who manages a canned answer, as the server's policy says (server/policies/canned.policy.ts): a
 * personal one its owner; a department's its owner (staff of that department), the department's
 * supervisors and admins; a global one admins. The screen only offers what would go through; the
 * server still decides.
 */
export function mayManage(viewer: Viewer, answer: Pick<Canned, 'scope' | 'owner' | 'department'>): boolean {
  const own = answer.owner?.id === viewer.user.id;
  const membership = viewer.memberships.find((m) => m.department.id === answer.department?.id);
  if (answer.scope === 'PERSONAL') return own;
  if (answer.scope === 'DEPARTMENT') return viewer.isAdmin || membership?.role === 'SUPERVISOR' || (own && !!membership);
  return viewer.isAdmin;
}

/** The scopes a new answer may take: personal always, a department's for its staff (any for admins), global for admins. */
export function scopesFor(viewer: Viewer): CannedScope[] {
  return [
    'PERSONAL',
    ...(viewer.isAdmin || viewer.memberships.length ? (['DEPARTMENT'] as const) : []),
    ...(viewer.isAdmin ? (['GLOBAL'] as const) : []),
  ];
}
