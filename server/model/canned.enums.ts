/** Who a canned answer ("réponse type") is for: its owner alone, a department's staff, or all staff. */
export enum CannedScope {
  PERSONAL = 'PERSONAL',
  DEPARTMENT = 'DEPARTMENT',
  GLOBAL = 'GLOBAL',
}
