import 'reflect-metadata';
import { isNonNullType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../schema.js';
import { TicketAction } from '../model/ticket-status.js';
import { DECLARED_ACTIONS } from './lifecycle.resolver.js';

describe('the mutations generated from the action declarations', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  const argsOf = (mutation: string) => {
    const field = schema.getMutationType()!.getFields()[mutation];
    return new Map(field.args.map((a) => [a.name, a.type]));
  };

  it.each(DECLARED_ACTIONS.map((d) => [d.api.mutation, d] as const))(
    'should give %s the message its declaration requires, allows or refuses, and silent only when declared',
    (mutation, { message, api }) => {
      const args = argsOf(mutation);
      expect(String(args.get('ticketId'))).toBe('ID!');
      const expected = { required: 'String!', optional: 'String', none: 'undefined' }[message];
      expect(String(args.get('message')), `${mutation}(message:) for a ${message} message`).toBe(expected);
      expect(args.has('silent'), `${mutation}(silent:)`).toBe(api.silent === true);
      if (api.silent) expect(isNonNullType(args.get('silent'))).toBe(false);
    },
  );

  it("should have a declared mutation for every action of allowedActions but ATTACH_FILES (the files' own resolver)", () => {
    const declared = DECLARED_ACTIONS.map((d) => d.action);
    expect(declared).toEqual(Object.values(TicketAction).filter((a) => a !== TicketAction.ATTACH_FILES));
    expect(new Set(DECLARED_ACTIONS.map((d) => d.api.mutation)).size).toBe(DECLARED_ACTIONS.length);
  });
});
