import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { buildAppSchema } from './schema.js';

/** Writes schema.graphql (committed; a test fails when it drifts from the code). */
const sdl = printSchema(await buildAppSchema());
await writeFile(new URL('../schema.graphql', import.meta.url), `${sdl}\n`);
console.log('schema.graphql written');
