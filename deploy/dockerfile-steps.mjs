#!/usr/bin/env node
// Runs the Dockerfile's steps without an image builder (docs/deployment.md, "Images"): where no base
// image can be pulled, CI proves the Dockerfile this way. Each stage gets a temporary folder standing
// for its filesystem root; WORKDIR, ENV, ARG, COPY (from the context, minus .dockerignore's entries,
// or --from another stage) and RUN are carried out with the very commands of the Dockerfile. Then the
// final CMD starts with this process's environment over the Dockerfile's ENV (as `docker run -e`), and
// the HEALTHCHECK command runs until it passes. Not proven this way: the base image, USER (everything
// runs as the caller), and chown to a user this machine lacks (replaced by the caller's own ids).
//
// Usage: DATABASE_URL=… FILE_URL_SECRET=… OIDC_…=… PORT=… node deploy/dockerfile-steps.mjs [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const CONTEXT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const HEALTHY_WITHIN_MS = 120_000;

const ignored = readFileSync(path.join(CONTEXT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const isIgnored = (relative) =>
  ignored.some(
    (pattern) =>
      relative === pattern || relative.startsWith(`${pattern}/`) || (pattern.startsWith('*') && relative.endsWith(pattern.slice(1))),
  );

/** The instructions, continuation lines joined, comments dropped. */
function instructions(text) {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const at = l.indexOf(' ');
      return { op: l.slice(0, at).toUpperCase(), rest: l.slice(at + 1).trim() };
    });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-dockerfile-'));
const args = {};
const stages = [];
let stage;
const substitute = (s) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => stage?.env[a ?? b] ?? args[a ?? b] ?? m);
const inStage = (s, containerPath) =>
  path.join(s.root, path.posix.isAbsolute(containerPath) ? containerPath : path.posix.join(s.workdir, containerPath));
const exec = (list) => (list.startsWith('[') ? JSON.parse(list) : ['sh', '-c', list]);
let hasNodeUser = true;
try {
  execFileSync('id', ['node'], { stdio: 'ignore' });
} catch {
  hasNodeUser = false;
}

/** A build sees none of the caller's settings (NODE_ENV=production would drop dev dependencies): only the PATH, HOME and npm's own. */
function baseEnv() {
  const kept = Object.entries(process.env).filter(([k]) => k === 'PATH' || k === 'HOME' || k.startsWith('npm_config_'));
  return Object.fromEntries(kept);
}

function step(text) {
  console.log(`\n==> ${text}`);
}

for (const { op, rest } of instructions(readFileSync(path.join(CONTEXT, 'Dockerfile'), 'utf8'))) {
  if (op === 'ARG') {
    const [name, value] = rest.split('=');
    if (value !== undefined && args[name] === undefined) args[name] = value;
  } else if (op === 'FROM') {
    const [image, , name] = rest.split(/\s+/);
    stage = {
      name: name ?? String(stages.length),
      root: path.join(work, `stage-${stages.length}`),
      workdir: '/',
      env: baseEnv(),
      volumes: [],
    };
    mkdirSync(stage.root, { recursive: true });
    stages.push(stage);
    step(`FROM ${substitute(image)} AS ${stage.name} (in ${stage.root}; the base image itself is not used)`);
  } else if (op === 'WORKDIR') {
    stage.workdir = path.posix.resolve(stage.workdir, substitute(rest));
    mkdirSync(inStage(stage, stage.workdir), { recursive: true });
  } else if (op === 'ENV') {
    for (const [, key, value] of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[key] = value.replace(/^"|"$/g, '');
  } else if (op === 'COPY') {
    const parts = rest.split(/\s+/);
    const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
    const [dest, ...sources] = parts.filter((p) => !p.startsWith('--')).reverse();
    const source = from ? stages.find((s) => s.name === from) : undefined;
    if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
    for (const src of sources.reverse()) {
      const target = inStage(stage, dest);
      step(`COPY ${from ? `--from=${from} ` : ''}${src} ${dest}`);
      if (source) {
        cpSync(inStage(source, src), target, { recursive: true });
      } else if (src === '.') {
        cpSync(CONTEXT, target, {
          recursive: true,
          filter: (file) => !isIgnored(path.relative(CONTEXT, file).split(path.sep).join('/')),
        });
      } else {
        mkdirSync(path.dirname(target), { recursive: true });
        cpSync(path.join(CONTEXT, src), dest.endsWith('/') ? path.join(target, path.basename(src)) : target, { recursive: true });
      }
    }
  } else if (op === 'RUN') {
    // Absolute paths of the image's own folders live under the stage's root here; a user this machine lacks is the caller.
    let command = substitute(rest).replace(/(^|\s)(\/var\/lib\/\S+)/g, (m, sp, p) => `${sp}${path.join(stage.root, p)}`);
    if (!hasNodeUser) command = command.replace(/chown node:node/g, `chown ${process.getuid()}:${process.getgid()}`);
    step(`RUN ${rest}`);
    execFileSync('sh', ['-c', command], { cwd: inStage(stage, stage.workdir), env: stage.env, stdio: 'inherit' });
  } else if (op === 'USER') {
    step(`USER ${rest} (not switched: runs as the caller)`);
  } else if (op === 'HEALTHCHECK') {
    stage.healthcheck = exec(rest.slice(rest.indexOf('CMD ') + 4));
  } else if (op === 'CMD') {
    stage.cmd = exec(rest);
  } else if (op === 'VOLUME') {
    stage.volumes.push(...JSON.parse(rest));
  } else if (op !== 'EXPOSE') {
    throw new Error(`instruction ${op} is not handled by this script`);
  }
}

const last = stages[stages.length - 1];
if (!last.cmd || !last.healthcheck) throw new Error('the final stage needs a CMD and a HEALTHCHECK');
// The caller's settings win over the Dockerfile's ENV, as `docker run -e` does; the image's data folder is under the stage's root.
const runEnv = { ...last.env, DATA_DIR: path.join(last.root, last.env.DATA_DIR ?? '/var/lib/helpdesk') };
for (const key of [
  'DATABASE_URL',
  'PORT',
  'FILE_URL_SECRET',
  'MAILBOX_SECRET',
  'AUTH_MODE',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
  'NODE_ENV',
  'PUBLIC_URL',
]) {
  if (process.env[key] !== undefined) runEnv[key] = process.env[key];
}
const cwd = inStage(last, last.workdir);
step(`CMD ${JSON.stringify(last.cmd)} (in ${cwd})`);
const [command, ...commandArgs] = last.cmd;
const server = spawn(command === 'node' ? process.execPath : command, commandArgs, { cwd, env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
server.stdout.on('data', (c) => (output += c));
server.stderr.on('data', (c) => (output += c));
let healthy = false;
const deadline = Date.now() + HEALTHY_WITHIN_MS;
while (!healthy && Date.now() < deadline && server.exitCode === null) {
  await sleep(2000);
  try {
    const [check, ...checkArgs] = last.healthcheck;
    execFileSync(check === 'node' ? process.execPath : check, checkArgs, { cwd, env: runEnv, stdio: 'ignore' });
    healthy = true;
  } catch {
    // not yet
  }
}
server.kill('SIGTERM');
const code = await new Promise((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.once('exit', (c) => resolve(c))));
step(
  `HEALTHCHECK ${JSON.stringify(last.healthcheck)}: ${healthy ? 'healthy' : 'NOT healthy'}; the server exited with ${code} after SIGTERM`,
);
if (!healthy) console.log(output.split('\n').slice(-30).join('\n'));
// Looked at before the stages are removed below.
const portletShipped = existsSync(path.join(cwd, 'portlet', 'dist', 'helpdesk-portlet.js'));
if (!portletShipped) console.log('the final stage has no portlet bundle (portlet/dist/helpdesk-portlet.js)');
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`stages kept in ${work}`);
process.exit(healthy && code === 0 && portletShipped ? 0 : 1);
