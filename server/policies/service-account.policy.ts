import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../auth/context.js';
import type { Viewer } from '../auth/viewer.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors.js';
import { ServiceScope } from '../model/service-account.enums.js';
import { MEMBER } from './read-rules.js';

/**
 * What a service account may do (docs/api.md, "Service accounts"). Its departments are its
 * memberships (auth/service-key.ts), so the read rules judge it as those departments' staff; the
 * scopes below bound which operations it may ask at all: a wrong scope is FORBIDDEN, another
 * department's ticket NOT_FOUND (the read rules hide it).
 */

/** Queries any account may ask: the catalogue it files into, and who it is. */
const OPEN_QUERIES: ReadonlySet<string> = new Set(['departments', 'categories', 'faqs', 'labels', 'me', 'viewer']);

/** Creating, listing and revoking service accounts is for admins (a service account never is one). */
export function assertMayManageServiceAccounts(viewer: Viewer): void {
  if (!viewer.isAdmin || viewer.service) throw new ForbiddenError('Only administrators may manage service accounts');
}

/** Refuses a service account without `scope`; people are not bound by scopes. */
export function assertServiceScope(viewer: Viewer, scope: ServiceScope): void {
  if (viewer.service && !viewer.service.scopes.has(scope)) {
    throw new ForbiddenError(`This service account lacks the ${scope} scope`);
  }
}

/**
 * A service account files only in its own departments' categories (another department's category is
 * as unknown to it as a missing one), and always on behalf of a person: it is nobody's requester.
 */
export function assertMayFileIn(viewer: Viewer, departmentId: number, ownerUid: string | null | undefined): void {
  if (!viewer.service) return;
  if (!MEMBER.holds(viewer, { departmentId })) throw new NotFoundError('Category');
  if (!ownerUid?.trim()) throw new BadInputError('A service account files on behalf of a person: give ownerUid', 'ownerUid');
}

/** The scope a root field asks of a service account; null: no account may ask it. */
export function scopeOfRootField(
  operation: 'query' | 'mutation' | 'subscription',
  field: string,
  mutationScopes: ReadonlyMap<string, ServiceScope>,
): ServiceScope | 'ANY' | null {
  if (operation === 'subscription') return ServiceScope.TICKETS_SUBSCRIBE;
  if (operation === 'query') return OPEN_QUERIES.has(field) ? 'ANY' : ServiceScope.TICKETS_READ;
  return mutationScopes.get(field) ?? null;
}

/**
 * The schema's guard: each root field a service account asks needs its scope. `mutationScopes` names
 * the ticket mutations (the schema knows them): creating needs TICKETS_CREATE, the actions
 * TICKETS_ACT, any other mutation is refused. It wraps the root fields' resolvers of the built
 * schema, so both transports pass it; only root fields, because a TypeGraphQL global middleware
 * would run at every field of every answer and make each one asynchronous (a list of 25 tickets:
 * some two hundred promises; about a tenth of R1's server CPU with the per-viewer SQL, measured).
 */
export function guardServiceScopes(schema: GraphQLSchema, mutationScopes: ReadonlyMap<string, ServiceScope>): void {
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() };
  for (const [operation, type] of Object.entries(roots) as [keyof typeof roots, GraphQLObjectType | null][]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context: RequestContext, info) => {
        assertServiceMayAsk(context.viewer, operation, info.fieldName, mutationScopes);
        return resolve(root, args, context, info);
      };
    }
  }
}

function assertServiceMayAsk(
  viewer: Viewer,
  operation: 'query' | 'mutation' | 'subscription',
  field: string,
  mutationScopes: ReadonlyMap<string, ServiceScope>,
): void {
  if (!viewer.service) return;
  const scope = scopeOfRootField(operation, field, mutationScopes);
  if (scope === null) throw new ForbiddenError('A service account may not do this');
  if (scope !== 'ANY') assertServiceScope(viewer, scope);
}
