import 'reflect-metadata';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { sweepOrphans } from '../server/files/pending.js';
import { startApp, type RunningApp } from '../server/main.js';
import { makeCategory, makeDepartment, makeUser } from '../test/factories.js';
import { openCluster, query, withDatabase } from './database.js';
import { ROOT } from './processes.js';

/**
 * `npm run bench:files`: what files cost the server's memory. (1) One file of BENCH_FILE_MIB (100)
 * MiB streamed through attachFiles: peak memory above the idle baseline. (2) BENCH_CUTS (1000)
 * uploads cut off midway: memory after them, then rows, pending keys and bytes left after one sweep
 * (all must be 0). Client and server share this process; the client streams, so its share is small.
 * Run with `node --expose-gc` (the npm script does) for baselines after a collection.
 */
const env = process.env;
const FILE_MIB = Number(env.BENCH_FILE_MIB ?? 100);
const CUTS = Number(env.BENCH_CUTS ?? 1000);
const CONCURRENCY = Number(env.BENCH_CUT_CONCURRENCY ?? 20);
const MIB = 1024 * 1024;
const ATTACH = 'mutation($id: ID!, $files: [Upload!]!) { attachFiles(ticketId: $id, files: $files) { attachments { id size } } }';
const log = (message: string): void => void process.stderr.write(`${message}\n`);
// One buffer the client sends again and again, so the client's own memory stays out of the figures.
const CHUNK = Buffer.alloc(64 * 1024, 'ligne de journal, encore une\n');

// After full collections (buffers' memory is given back a moment after the collection that frees them).
async function memory(): Promise<{ rss: number; heap: number; external: number }> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}
const mib = (bytes: number): number => Math.round((bytes / MIB) * 10) / 10;

/** Sends a multipart attachFiles whose file is `size` bytes made on the fly; `cutAt` drops the connection after that many file bytes. */
function send(app: RunningApp, token: string, ticketId: string, size: number, cutAt?: number): Promise<number> {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: ATTACH, variables: { id: ticketId, files: [null] } })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.files.0"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="journal.log"\r\nContent-Type: text/plain\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${token}`,
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error) => (cutAt === undefined ? reject(error) : resolve(0)));
    let sent = 0;
    const limit = cutAt ?? size;
    const pump = (): void => {
      while (sent < limit) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, limit - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (cutAt === undefined) req.end(tail);
      else
        setTimeout(() => {
          req.destroy();
          resolve(0);
        }, 5);
    };
    req.write(head, pump);
  });
}

async function main(): Promise<void> {
  const cluster = await openCluster(ROOT, log);
  const db = { name: `bench_files_${process.pid}`, url: withDatabase(cluster.adminUrl, `bench_files_${process.pid}`) };
  await query(cluster.adminUrl, `create database "${db.name}"`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-files-'));
  let app: RunningApp | undefined;
  try {
    app = await startApp(
      loadConfig({
        DATABASE_URL: db.url,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        TIMER_INTERVAL_SECONDS: '0',
        RATE_LIMIT_PER_MINUTE: '0',
        FILES_DIR: dir,
        FILE_MAX_BYTES: String((FILE_MIB + 1) * MIB),
        TICKET_FILES_MAX_BYTES: String((FILE_MIB + 1) * MIB),
        FILES_SWEEP_SECONDS: '0',
      }),
    );
    const em = app.orm.em.fork();
    const department = await makeDepartment(em);
    const category = await makeCategory(em, department, 'Bench');
    const owner = await makeUser(em, 'bench-files-owner');
    const token = await app.devIssuer!.sign({ uid: owner.uid, name: owner.uid });
    const created = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation($c: ID!) { createTicket(input: { categoryId: $c, subject: "Bench", message: "<p>bench</p>" }) { id } }',
        variables: { c: String(category.id) },
      }),
    });
    const ticketId = ((await created.json()) as { data: { createTicket: { id: string } } }).data.createTicket.id;
    // Warm the path (first request compiles, connects, fills caches) before the baseline.
    await send(app, token, ticketId, 1024);
    await em.getConnection().execute('delete from attachment');

    const idle = await memory();
    let peak = idle.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    log(`streaming one ${FILE_MIB} MiB file…`);
    const started = Date.now();
    const status = await send(app, token, ticketId, FILE_MIB * MIB);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const [{ size }] = await em.getConnection().execute<{ size: number }[]>('select max(size) as size from attachment');
    const streamed = {
      status,
      stored_mib: mib(size),
      seconds,
      mib_per_s: Math.round((FILE_MIB / seconds) * 10) / 10,
      rss_peak_over_idle_mib: mib(peak - idle.rss),
    };
    log(JSON.stringify(streamed));
    await em.getConnection().execute('delete from attachment');
    await rm(dir, { recursive: true, force: true });

    log(`${CUTS} uploads cut off midway, ${CONCURRENCY} at a time…`);
    const before = await memory();
    const checkpoints: { after: number; rss_mib: number; heap_mib: number; external_mib: number }[] = [];
    for (let done = 0; done < CUTS; done += CONCURRENCY) {
      if (done > 0 && done % Math.max(CONCURRENCY, Math.floor(CUTS / 4 / CONCURRENCY) * CONCURRENCY) === 0) {
        const m = await memory();
        checkpoints.push({ after: done, rss_mib: mib(m.rss), heap_mib: mib(m.heap), external_mib: mib(m.external) });
      }
      const batch = Array.from({ length: Math.min(CONCURRENCY, CUTS - done) }, (_, i) => {
        const fileSize = 512 * 1024;
        return send(app!, token, ticketId, fileSize, ((done + i) * 7919) % fileSize);
      });
      await Promise.all(batch);
    }
    // The server notices each drop a moment after the client; sweep only once they have all been handled.
    const count = async (sql: string): Promise<number> => Number((await em.getConnection().execute<{ n: string }[]>(sql))[0].n);
    for (let i = 0; i < 100 && (await count('select count(*) as n from pending_file')) > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    if (env.BENCH_DEBUG) {
      log(JSON.stringify(await em.getConnection().execute('select storage_key, now() - created_at as age from pending_file')));
      log(JSON.stringify(await readdir(dir, { recursive: true })));
    }
    const after = await memory();
    const swept = await sweepOrphans(app.orm.em, app.fileStore, 0);

    const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const interrupted = {
      uploads: CUTS,
      rss_growth_mib: mib(after.rss - before.rss),
      heap_growth_mib: mib(after.heap - before.heap),
      external_growth_mib: mib(after.external - before.external),
      checkpoints,
      swept,
      attachment_rows: await count('select count(*) as n from attachment'),
      pending_rows: await count('select count(*) as n from pending_file'),
      files_on_disk: files.filter((f) => f.isFile()).length,
    };
    log(JSON.stringify(interrupted));
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      idle_rss_mib: mib(idle.rss),
      streamed,
      interrupted,
    };
    await writeFile(path.join('bench', 'results', 'files-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
    if (interrupted.attachment_rows || interrupted.pending_rows || interrupted.files_on_disk || streamed.status !== 200)
      process.exitCode = 1;
  } finally {
    await app?.stop();
    await query(cluster.adminUrl, `drop database if exists "${db.name}" with (force)`);
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
