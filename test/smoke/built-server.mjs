#!/usr/bin/env node
// Built-server smoke test (run by .ci/run after `npm run build`): starts `node dist/server/main.js` on a
// throwaway database of the machine's PostgreSQL, checks /readyz, a dev token and a catalogue query,
// then SIGTERMs it and checks it exits cleanly within 10 s. It catches what vitest cannot: the
// compiled output (decorator metadata, import cycles between entities, dist-only paths).
//
// Environment: SMOKE_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres): a URL with the
// right to create databases. Needs `psql` on PATH.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADMIN_URL = process.env.SMOKE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const READY_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 10_000;
const EXPECTED_PATH = 'DNUM - ENT';

const database = `smoke_${process.pid}_${Date.now().toString(36)}`;
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();
let server;
let output = '';

function psql(sql) {
  execFileSync('psql', [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function fail(message) {
  throw new Error(`${message}\n--- server output (last 40 lines) ---\n${output.split('\n').slice(-40).join('\n')}`);
}

function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function waitReady(base) {
  const end = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < end) {
    if (server.exitCode !== null || server.signalCode !== null)
      fail(`the server exited early (code ${server.exitCode}, signal ${server.signalCode})`);
    const res = await fetch(`${base}/readyz`).catch(() => undefined);
    if (res?.ok) return;
    await sleep(100);
  }
  fail(`no 200 from /readyz within ${READY_TIMEOUT_MS / 1000} s`);
}

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) fail(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

async function cleanup() {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await exited(server);
  }
  try {
    psql(`drop database if exists "${database}" with (force)`);
  } catch {
    console.error(`could not drop the smoke database ${database}`);
  }
}

async function main() {
  psql(`create database "${database}"`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  delete env.NODE_ENV;

  const started = performance.now();
  server = spawn(process.execPath, ['dist/server/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  await waitReady(base);
  console.log(`ready: /readyz answered ${Math.round(performance.now() - started)} ms after spawn (port ${port}, database ${database})`);

  const { token } = await post(`${base}/auth/dev/token`, { uid: 'alice' });
  if (typeof token !== 'string') fail('the dev token endpoint returned no token');
  const answer = await post(`${base}/graphql`, { query: '{ categories(filter: "ent") { path } }' }, { authorization: `Bearer ${token}` });
  const paths = answer.data?.categories?.map((c) => c.path) ?? [];
  if (answer.errors || !paths.includes(EXPECTED_PATH))
    fail(`categories(filter: "ent") lacks "${EXPECTED_PATH}": ${JSON.stringify(answer)}`);
  console.log(`query: categories(filter: "ent") → ${paths.join(', ')}`);

  const stopping = performance.now();
  server.kill('SIGTERM');
  const result = await Promise.race([exited(server), sleep(EXIT_TIMEOUT_MS, undefined, { ref: false })]);
  const stopMs = Math.round(performance.now() - stopping);
  if (!result) fail(`still running ${EXIT_TIMEOUT_MS / 1000} s after SIGTERM`);
  // main.ts exits 0 once everything is stopped; 143 (128 + SIGTERM) means something exited before the graceful stop finished.
  if (result.code !== 0) fail(`exited with code ${result.code} (signal ${result.signal}) ${stopMs} ms after SIGTERM, expected code 0`);
  console.log(`stop: exited with code 0, ${stopMs} ms after SIGTERM`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

try {
  await main();
  console.log('built server smoke: OK');
} catch (error) {
  console.error(`built server smoke: FAILED\n${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
