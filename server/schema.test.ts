import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { assertEnumType, isNonNullType, printSchema, type GraphQLField, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from './schema.js';

/**
 * The fixed names of docs/api.md ("The fixed names"): operation → its arguments with their types. Every one must keep these
 * (more optional arguments may come; none may be renamed, retyped or become required).
 */
const QUERIES: Record<string, Record<string, string>> = {
  me: {},
  departments: {},
  categories: { filter: 'String' },
  faqs: { categoryId: 'ID', search: 'String' },
  ticket: { id: 'ID!' },
  tickets: { filter: 'TicketFilter', first: 'Int', after: 'String' },
  users: { search: 'String!' },
  ticketCounts: { filter: 'TicketFilter' },
};

const MUTATIONS: Record<string, Record<string, string>> = {
  createTicket: { input: 'CreateTicketInput!' },
  takeTicket: { ticketId: 'ID!' },
  assignTicket: { ticketId: 'ID!', managerId: 'ID!' },
  freeTicket: { ticketId: 'ID!' },
  requestInformation: { ticketId: 'ID!', message: 'String!' },
  addComment: { ticketId: 'ID!', message: 'String!', visibility: 'EntryVisibility' },
  postponeTicket: { ticketId: 'ID!', until: 'DateTime!', message: 'String' },
  recallTicket: { ticketId: 'ID!' },
  requestClosure: { ticketId: 'ID!', message: 'String!' },
  closeTicket: { ticketId: 'ID!', message: 'String' },
  approveClosure: { ticketId: 'ID!', message: 'String' },
  refuseClosure: { ticketId: 'ID!', message: 'String!' },
  cancelTicket: { ticketId: 'ID!', message: 'String' },
  refuseTicket: { ticketId: 'ID!', message: 'String!' },
  reopenTicket: { ticketId: 'ID!', message: 'String!' },
  moveTicket: { ticketId: 'ID!', categoryId: 'ID!', message: 'String' },
  inviteUser: { ticketId: 'ID!', user: 'String!' },
  removeInvitation: { ticketId: 'ID!', userId: 'ID!' },
  watchTicket: { ticketId: 'ID!' },
  unwatchTicket: { ticketId: 'ID!' },
  updateTicket: { ticketId: 'ID!', input: 'UpdateTicketInput!' },
  attachFiles: { ticketId: 'ID!', files: '[Upload!]!', visibility: 'EntryVisibility' },
  deleteAttachment: { attachmentId: 'ID!' },
};

/** Return types of docs/api.md. */
const RETURNS: Record<string, string> = {
  me: 'User!',
  departments: '[Department!]!',
  categories: '[Category!]!',
  faqs: '[Faq!]!',
  ticket: 'Ticket',
  tickets: 'TicketConnection!',
  users: '[User!]!',
  ticketCounts: '[StatusCount!]!',
};

/** Input fields of docs/api.md. */
const CREATE_TICKET_INPUT: Record<string, string> = {
  categoryId: 'ID!',
  subject: 'String!',
  message: 'String!',
  priority: 'Int',
  visibility: 'TicketVisibility',
  ownerUid: 'String',
  origin: 'TicketOrigin',
};

const TICKET_FILTER: Record<string, string> = {
  involvement: 'Involvement',
  statuses: '[TicketStatus!]',
  departmentId: 'ID',
  categoryId: 'ID',
  search: 'String',
  managerId: 'ID',
  ownerId: 'ID',
  priorities: '[Int!]',
  unassigned: 'Boolean',
  orderBy: 'TicketOrder',
};

function expectArguments(field: GraphQLField<unknown, unknown> | undefined, name: string, expected: Record<string, string>): void {
  expect(field, `${name} is missing from the schema`).toBeDefined();
  const actual = new Map(field!.args.map((a) => [a.name, a]));
  for (const [arg, type] of Object.entries(expected)) {
    expect(actual.has(arg), `${name} lacks argument ${arg}`).toBe(true);
    expect(String(actual.get(arg)!.type), `${name}(${arg}:)`).toBe(type);
  }
  // Arguments beyond docs/api.md's must be optional, or existing clients break.
  for (const arg of field!.args) {
    if (!(arg.name in expected))
      expect(isNonNullType(arg.type) && arg.defaultValue === undefined, `${name}(${arg.name}:) is a new required argument`).toBe(false);
  }
}

describe('GraphQL schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('should equal the committed schema.graphql (run npm run schema after changing the API)', async () => {
    const committed = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
    const current = `${printSchema(schema)}\n`;
    expect(current, 'schema.graphql is out of date: run npm run schema and commit the result').toBe(committed);
  });

  it.each(Object.entries(QUERIES))('should keep the query %s with the arguments of docs/api.md', (name, args) => {
    const field = schema.getQueryType()?.getFields()[name];
    expectArguments(field, `Query.${name}`, args);
    expect(String(field!.type)).toBe(RETURNS[name]);
  });

  it.each(Object.entries(MUTATIONS))('should keep the mutation %s with the arguments of docs/api.md, returning Ticket!', (name, args) => {
    const field = schema.getMutationType()?.getFields()[name];
    expectArguments(field, `Mutation.${name}`, args);
    expect(String(field!.type)).toBe('Ticket!');
  });

  it('should default tickets(first:) to 20', () => {
    const first = schema
      .getQueryType()!
      .getFields()
      .tickets.args.find((a) => a.name === 'first');
    expect(first?.defaultValue).toBe(20);
  });

  it('should keep the fields of CreateTicketInput and TicketFilter', () => {
    for (const [typeName, expected] of [
      ['CreateTicketInput', CREATE_TICKET_INPUT],
      ['TicketFilter', TICKET_FILTER],
    ] as const) {
      const type = schema.getType(typeName);
      expect(type && 'getFields' in type, `${typeName} is missing`).toBe(true);
      const fields = (type as { getFields(): Partial<Record<string, { type: unknown }>> }).getFields();
      for (const [field, fieldType] of Object.entries(expected)) {
        expect(fields[field], `${typeName}.${field} is missing`).toBeDefined();
        expect(String(fields[field]?.type), `${typeName}.${field}`).toBe(fieldType);
      }
    }
  });

  it('should keep the Ticket and TicketConnection fields of docs/api.md', () => {
    const ticket = schema.getType('Ticket') as { getFields(): Partial<Record<string, { type: unknown }>> };
    const expected: Record<string, string> = {
      id: 'ID!',
      number: 'Int!',
      subject: 'String!',
      status: 'TicketStatus!',
      // Issue 6: a subject-only reader gets number, subject, status and creation date only, so the
      // other fields of docs/api.md are nullable (null for that reader; the schema's descriptions say so).
      priority: 'Int',
      visibility: 'TicketVisibility',
      origin: 'TicketOrigin',
      category: 'Category',
      department: 'Department',
      owner: 'User',
      creator: 'User',
      manager: 'User',
      createdAt: 'DateTime!',
      updatedAt: 'DateTime',
      lastActivityAt: 'DateTime',
      watchers: '[User!]!',
      history: '[TicketEvent!]!',
      attachments: '[Attachment!]!',
      invitees: '[User!]!',
      watching: 'Boolean!',
      ownerRecentTickets: '[Ticket!]!',
      allowedActions: '[TicketAction!]!',
    };
    const fields = ticket.getFields();
    for (const [field, type] of Object.entries(expected)) expect(String(fields[field]?.type), `Ticket.${field}`).toBe(type);
    const connection = (schema.getType('TicketConnection') as { getFields(): Partial<Record<string, { type: unknown }>> }).getFields();
    expect(String(connection.edges?.type)).toBe('[TicketEdge!]!');
    expect(String(connection.pageInfo?.type)).toBe('PageInfo!');
    expect(String(connection.totalCount?.type)).toBe('Int!');
  });

  it('should default TicketFilter.orderBy to the newest activity first, with the fields of docs/api.md', () => {
    const filter = schema.getType('TicketFilter') as { getFields(): Record<string, { defaultValue?: unknown }> };
    expect(filter.getFields().orderBy.defaultValue).toEqual({ field: 'LAST_ACTIVITY', direction: 'DESC' });
    const values = (name: string): string[] =>
      assertEnumType(schema.getType(name))
        .getValues()
        .map((v) => v.name);
    expect(values('TicketOrderField')).toEqual(['LAST_ACTIVITY', 'CREATED', 'NUMBER', 'PRIORITY']);
    expect(values('OrderDirection')).toEqual(['ASC', 'DESC']);
    const count = (schema.getType('StatusCount') as { getFields(): Record<string, { type: unknown }> }).getFields();
    expect([String(count.status.type), String(count.count.type)]).toEqual(['TicketStatus!', 'Int!']);
  });
});
