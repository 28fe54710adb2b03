import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import { CategoryResolver, DepartmentResolver, FaqResolver } from './catalogue/catalogue.resolver.js';
import { DepartmentMemberResolver } from './catalogue/member.resolver.js';
import { registerEnumTypes } from './labels/enum-types.js';
import { LabelResolver } from './labels/labels.resolver.js';
import { DECLARED_ACTIONS, LifecycleResolver } from './lifecycle/lifecycle.resolver.js';
import { LiveResolver } from './live/live.resolver.js';
import { TicketEventChangesResolver } from './ticket/history.resolver.js';
import { TicketEventResolver, TicketResolver } from './ticket/ticket.resolver.js';
import { TicketFieldsResolver } from './ticket/ticket-fields.resolver.js';
import { UserResolver } from './user/user.resolver.js';
import { ViewerResolver } from './user/viewer.resolver.js';
import { AttachmentResolver } from './files/attachment.resolver.js';
import { FilesResolver } from './lifecycle/files.resolver.js';
import { PrivacyResolver } from './privacy/privacy.resolver.js';
import { ServiceScope } from './model/service-account.enums.js';
import { guardServiceScopes } from './policies/service-account.policy.js';
import { ServiceAccountResolver } from './user/service-account.resolver.js';
import { MailResolver } from './mail/mail.resolver.js';
import { MailboxResolver } from './inbox/mailbox.resolver.js';
import { DeskResolver, DeskTicketResolver } from './desk/desk.resolver.js';
import { CannedAnswerResolver } from './desk/canned-answers.resolver.js';
import { StatisticsResolver } from './desk/statistics.resolver.js';

/** Every resolver of the API, in one list so the server and the schema file agree. */
export const resolvers = [
  UserResolver,
  ViewerResolver,
  DepartmentResolver,
  DepartmentMemberResolver,
  CategoryResolver,
  FaqResolver,
  TicketResolver,
  TicketFieldsResolver,
  TicketEventResolver,
  TicketEventChangesResolver,
  LifecycleResolver,
  LabelResolver,
  AttachmentResolver,
  FilesResolver,
  LiveResolver,
  PrivacyResolver,
  ServiceAccountResolver,
  MailResolver,
  MailboxResolver,
  DeskResolver,
  DeskTicketResolver,
  CannedAnswerResolver,
  StatisticsResolver,
] as const;

/** The ticket mutations a service account may ask, with the scope each needs (any other mutation is refused to it). */
const SERVICE_MUTATIONS: ReadonlyMap<string, ServiceScope> = new Map([
  ['createTicket', ServiceScope.TICKETS_CREATE],
  ...[...DECLARED_ACTIONS.map((d) => d.api.mutation), 'attachFiles', 'deleteAttachment'].map((m) => [m, ServiceScope.TICKETS_ACT] as const),
]);

/**
 * Builds the executable schema from the TypeGraphQL classes (dates as the DateTime scalar). Resolvers
 * that need a running part (the file store, the link signer) come built in `instances`; the others
 * are made on first use.
 */
export async function buildAppSchema(instances: readonly object[] = []): Promise<GraphQLSchema> {
  registerEnumTypes();
  const made = new Map<unknown, unknown>(instances.map((i) => [i.constructor, i]));
  const schema = await buildSchema({
    resolvers,
    container: {
      get: (someClass: new () => unknown) => {
        if (!made.has(someClass)) made.set(someClass, new someClass());
        return made.get(someClass);
      },
    },
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    // type-graphql insists on a PubSub; live/ delivers through its own hub (subscribe functions), never this one.
    pubSub: createPubSub(),
  });
  guardServiceScopes(schema, SERVICE_MUTATIONS);
  return schema;
}
