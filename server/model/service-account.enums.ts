/** What a service account may do, each in its own departments only (docs/api.md, "Service accounts"). */
export enum ServiceScope {
  /** Files tickets in its departments' categories, on behalf of a person (`ownerUid`). */
  TICKETS_CREATE = 'TICKETS_CREATE',
  /** Reads its departments' tickets as their staff would. */
  TICKETS_READ = 'TICKETS_READ',
  /** Runs staff actions on its departments' tickets. */
  TICKETS_ACT = 'TICKETS_ACT',
  /** Subscribes to its departments' ticket changes. */
  TICKETS_SUBSCRIBE = 'TICKETS_SUBSCRIBE',
}
