import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../schema.js';
import { actionForms } from './action-forms.js';
import { DECLARED_ACTIONS } from './lifecycle.resolver.js';

const root = new URL('../../', import.meta.url);

describe("the portlet's files generated from the action declarations", () => {
  let schema: GraphQLSchema;
  let files: Record<string, string>;
  beforeAll(async () => {
    schema = await buildAppSchema();
    files = actionForms(schema, DECLARED_ACTIONS);
  });

  it('should equal the committed files (run npm run schema && npm run codegen after changing a declaration)', async () => {
    for (const [file, text] of Object.entries(files)) {
      expect(await readFile(new URL(file, root), 'utf8'), `${file} is out of date: run npm run schema`).toBe(text);
    }
  });

  it('should write operations the schema accepts, one per declared mutation, passing every argument', async () => {
    const operations = files['portlet/src/graphql/operations/ticket-actions.graphql'];
    const fragments = await readFile(new URL('portlet/src/graphql/operations/tickets.graphql', root), 'utf8');
    const document = parse(`${operations}\n${fragments}`);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    for (const { api } of DECLARED_ACTIONS) {
      const field = schema.getMutationType()!.getFields()[api.mutation];
      const signature = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      expect(operations).toContain(`(${signature}) {\n  ${api.mutation}(`);
    }
  });

  it("should tell the portlet each action's arguments besides ticketId, required or not, as its declaration makes them", () => {
    const table = files['portlet/src/graphql/generated/ticket-actions.ts'];
    expect(table).toContain('REQUEST_INFORMATION: { document: ops.RequestInformationDocument, args: { silent: false, message: true } },');
    expect(table).toContain('CLOSE: { document: ops.CloseTicketDocument, args: { message: false } },');
    expect(table).toContain('POSTPONE: { document: ops.PostponeTicketDocument, args: { silent: false, until: true, message: false } },');
    expect(table).toContain('WATCH: { document: ops.WatchTicketDocument, args: {} },');
    for (const { action, message } of DECLARED_ACTIONS) {
      const row = table.split('\n').find((line) => line.startsWith(`  ${action}: `));
      expect(row, action).toBeDefined();
      expect(row!.includes('message: true'), action).toBe(message === 'required');
      expect(row!.includes('message: false'), action).toBe(message === 'optional');
    }
  });
});
