import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
// First: TypeGraphQL lists the mutations in the order their modules load, and schema.ts sets it.
import { buildAppSchema } from './schema.js';
import { actionForms } from './lifecycle/action-forms.js';
import { DECLARED_ACTIONS } from './lifecycle/lifecycle.resolver.js';

/**
 * Writes schema.graphql and the portlet's files generated from the action declarations (all committed;
 * tests and CI fail when they drift from the code). `npm run codegen` then types the operations.
 */
const schema = await buildAppSchema();
const root = new URL('../', import.meta.url);
await writeFile(new URL('schema.graphql', root), `${printSchema(schema)}\n`);
for (const [file, text] of Object.entries(actionForms(schema, DECLARED_ACTIONS))) await writeFile(new URL(file, root), text);
console.log('schema.graphql and the portlet action files written');
