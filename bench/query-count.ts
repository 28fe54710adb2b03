import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

type QueryMethod = (...args: unknown[]) => unknown;
interface PgModule {
  Client: { prototype: { query: QueryMethod } };
}

/** One statement sent to PostgreSQL and how long its answer took (round trip, as the app sees it). */
export interface Statement {
  sql: string;
  ms: number;
}

let recording: Statement[] | undefined;
let patched = false;

/** Every copy of `pg` the app may use (MikroORM carries its own), each once. */
function pgCopies(): PgModule[] {
  const require = createRequire(import.meta.url);
  const copies = new Set<PgModule>([require('pg') as PgModule]);
  try {
    copies.add(createRequire(require.resolve('@mikro-orm/postgresql'))('pg') as PgModule);
  } catch {
    // MikroORM uses the top-level pg: already patched.
  }
  return [...copies];
}

/** Wraps pg.Client.prototype.query so statements sent while recording are listed (BEGIN and COMMIT included) and timed. */
function patchOnce(): void {
  if (patched) return;
  patched = true;
  for (const pg of pgCopies()) {
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]): unknown {
      if (!recording) return original.apply(this, args);
      const statement = { sql: statementText(args[0]), ms: 0 };
      recording.push(statement);
      const started = performance.now();
      const done = (): void => void (statement.ms = Math.round((performance.now() - started) * 100) / 100);
      const last = args.at(-1);
      if (typeof last === 'function') {
        // Callback style (knex): time until the callback runs.
        args[args.length - 1] = (...cbArgs: unknown[]): unknown => {
          done();
          return (last as QueryMethod)(...cbArgs);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) result.then(done, done);
      return result;
    };
  }
}

function statementText(arg: unknown): string {
  const text = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && 'text' in arg ? String(arg.text) : '?';
  return text.replace(/\s+/g, ' ').trim();
}

/** The SQL statements `work` sends, with their round-trip times (run it alone: concurrent queries would be counted too). */
export async function recordQueries(work: () => Promise<unknown>): Promise<{ statements: Statement[]; totalMs: number }> {
  patchOnce();
  const statements: Statement[] = [];
  recording = statements;
  const started = performance.now();
  try {
    await work();
  } finally {
    recording = undefined;
  }
  return { statements, totalMs: performance.now() - started };
}
