import type { GqlResult, TestApp } from './harness.js';

// The GraphQL types of the ticket mutations' arguments, so tests can call any action by name.
const ARG_TYPES: Record<string, string> = {
  ticketId: 'ID!',
  message: 'String!',
  managerId: 'ID!',
  categoryId: 'ID!',
  until: 'DateTime!',
  user: 'String!',
  userId: 'ID!',
  input: 'UpdateTicketInput!',
  silent: 'Boolean',
  visibility: 'EntryVisibility',
};

/** Calls one ticket mutation as `uid` with typed variables, selecting the ticket as `r`. */
// T names the shape the caller selected, like TestApp.gql's own type parameter.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function callAction<T>(
  app: TestApp,
  uid: string,
  name: string,
  args: Record<string, unknown>,
  selection: string,
): Promise<GqlResult<{ r: T }>> {
  const keys = Object.keys(args);
  const decl = keys.map((k) => `$${k}: ${ARG_TYPES[k] ?? 'String'}`).join(', ');
  const pass = keys.map((k) => `${k}: $${k}`).join(', ');
  return app.gql(uid, `mutation${keys.length ? `(${decl})` : ''} { r: ${name}(${pass}) { ${selection} } }`, args);
}
