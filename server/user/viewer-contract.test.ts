import 'reflect-metadata';
import { type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../schema.js';

/** The fixed names of docs/api.md ("Who is asking", "Preferences", "Department members") that this room serves, with their types. */
const TYPES: Record<string, Record<string, string>> = {
  Viewer: { user: 'User!', isAdmin: 'Boolean!', memberships: '[DepartmentMember!]!', preferences: 'Preferences!' },
  DepartmentMember: {
    id: 'ID!',
    user: 'User!',
    department: 'Department!',
    role: 'MemberRole!',
    available: 'Boolean!',
    alert: 'AlertPreference!',
  },
  Preferences: { language: 'String!', notifications: '[TicketEventType!]!' },
  Department: { members: '[DepartmentMember!]!', alertEmail: 'String' },
};

const OPERATIONS: [root: 'Query' | 'Mutation', name: string, args: Record<string, string>, returns: string][] = [
  ['Query', 'viewer', {}, 'Viewer!'],
  ['Mutation', 'updatePreferences', { input: 'PreferencesInput!' }, 'Viewer!'],
  // digestHours and digestWeekends: docs/api.md, "Manager tools".
  [
    'Mutation',
    'updateMyMembership',
    { departmentId: 'ID!', available: 'Boolean', alert: 'AlertPreference', digestHours: '[Int!]', digestWeekends: 'Boolean' },
    'DepartmentMember!',
  ],
];

describe('the contract of viewer, preferences and members', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it.each(Object.entries(TYPES))('should give %s the fields of docs/api.md', (typeName, fields) => {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    expect(type, typeName).toBeDefined();
    const actual = type!.getFields() as Partial<ReturnType<GraphQLObjectType['getFields']>>;
    for (const [field, fieldType] of Object.entries(fields)) expect(String(actual[field]?.type), `${typeName}.${field}`).toBe(fieldType);
  });

  it.each(OPERATIONS)('should keep %s.%s with the arguments and type of docs/api.md', (root, name, args, returns) => {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    const field = type?.getFields()[name] as GraphQLField<unknown, unknown> | undefined;
    expect(field, name).toBeDefined();
    expect(Object.fromEntries(field!.args.map((a) => [a.name, String(a.type)]))).toEqual(args);
    expect(String(field!.type)).toBe(returns);
  });

  it('should take a language and the mailed events in PreferencesInput, both optional', () => {
    const input = schema.getType('PreferencesInput') as GraphQLObjectType;
    const fields = Object.fromEntries(Object.values(input.getFields()).map((f) => [f.name, String(f.type)]));
    expect(fields).toEqual({ language: 'String', notifications: '[TicketEventType!]' });
  });
});
