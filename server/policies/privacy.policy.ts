import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError } from '../errors.js';

/** Exports and erasures of personal data are for admins only (docs/operations.md, "Personal data"). */
export function assertHandlesPersonalData(viewer: Viewer): void {
  if (!viewer.isAdmin) throw new ForbiddenError('Only administrators may export or erase personal data');
}
