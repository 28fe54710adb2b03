import { createServer } from 'node:http';
import pg from 'pg';
import { listFloorSql } from './rows/list.js';

/**
 * The floors, in a process of their own: a bare Node http server that answers "hello" (R6), and the
 * same 25 rows as R1's `tickets(first: 25)` by one prepared SQL statement through a pg pool (R1, R2). No
 * framework, no token, no GraphQL: what our stack costs is measured against this.
 */
const env = process.env;
const pool = new pg.Pool({ connectionString: env.FLOOR_DATABASE_URL, max: 10 });
pool.on('error', () => {});
const viewer = Number(env.FLOOR_VIEWER_ID);
const departments = `{${env.FLOOR_DEPARTMENTS ?? ''}}`;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      return;
    }
    if (req.url === '/list') {
      // A named statement: parsed and planned once per connection, as the helpdesk's own (server/db/prepared.ts).
      pool.query({ name: 'list-floor', text: listFloorSql, values: [viewer, departments] }).then(
        (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { tickets: r.rows } })),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    res.writeHead(404).end();
  });
});
server.listen(Number(env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
});
